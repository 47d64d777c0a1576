import { join } from 'node:path';
import { BrowserWindow, dialog, nativeTheme } from 'electron';

/** The workbench window with the security baseline: isolated, sandboxed, no Node in the page. */
export function createMainWindow(rendererEntry: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Weft',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The renderer's beforeunload refuses to close or reload while editors hold unsaved edits;
  // Electron then cancels silently unless main asks, so ask here and let the person choose.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ["Don't Save", 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
      message: 'Some editors have unsaved changes.',
      detail: 'Your changes will be lost if you leave. Choose Cancel to go back and save them.',
    });
    if (choice === 0) event.preventDefault();
  });
  // app://weft/index.html, or the dev server; never file://, which would make every local file same-origin.
  void win.loadURL(rendererEntry);
  return win;
}
