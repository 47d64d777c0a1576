import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, shell } from 'electron';
import { ipcEventChannel } from '../../shared/ipc/contract';
import { WeftError } from '../../shared/ipc/errors';
import { Backend } from '../index';
import { APP_ENTRY_URL } from './app-protocol';
import { bindIpc } from './ipc';
import { buildMenu } from './menu';
import { showOsNotifications } from './notifications';
import { sqliteBindingForElectron } from './native';
import { registerAppScheme, serveRenderer } from './protocol';
import { safeStorageCipher } from './safe-storage';
import { hardenSession, openExternalSafely } from './security';
import { createMainWindow } from './window';

// electron-vite sets this for `dev`; a packaged or previewed app loads the built files through app://.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Privileged schemes can only be registered before the app is ready.
registerAppScheme();

// End-to-end tests give each run its own profile, so they never touch a real user's data.
if (!app.isPackaged && process.env.WEFT_USER_DATA_DIR) app.setPath('userData', process.env.WEFT_USER_DATA_DIR);

/** The one page that may run in the window and call the backend. */
const rendererEntry = devServerUrl ?? APP_ENTRY_URL;

let mainWindow: BrowserWindow | null = null;
const getWindow = (): BrowserWindow | null => mainWindow;

function sendCommand(id: string): void {
  mainWindow?.webContents.send(ipcEventChannel('app.command'), { id });
}

async function start(): Promise<void> {
  hardenSession(rendererEntry);
  if (!devServerUrl) serveRenderer(join(__dirname, '../renderer'));
  let backend: Backend;
  try {
    backend = Backend.create({
      dataDir: app.getPath('userData'),
      validateOutputs: !app.isPackaged,
      sqliteBinding: sqliteBindingForElectron(),
      host: {
        kind: 'electron',
        dropFolders: true,
        pickFolder: async () => {
          const options = { title: 'Open Folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
          const result = mainWindow
            ? await dialog.showOpenDialog(mainWindow, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        openExternal: openExternalSafely,
        revealInOs: async (path) => shell.showItemInFolder(path),
        trashItem: (path) => shell.trashItem(path),
        secretCipher: safeStorageCipher(),
      },
    });
  } catch (error) {
    // A damaged or newer database: say so and stop, never overwrite the user's data.
    const message = error instanceof WeftError ? error.message : 'Weft could not start. The details are in the log.';
    dialog.showErrorBox('Weft cannot start', message);
    app.exit(1);
    return;
  }
  const unbind = bindIpc(backend, getWindow, rendererEntry);
  Menu.setApplicationMenu(buildMenu(sendCommand, getWindow, !app.isPackaged));
  const openWindow = (): BrowserWindow => {
    const win = createMainWindow(rendererEntry);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    return (mainWindow = win);
  };
  openWindow();
  const stopNotifications = showOsNotifications(backend.events, getWindow, openWindow);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('will-quit', () => {
    stopNotifications();
    unbind();
    void backend.dispose();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (error: unknown) => {
    dialog.showErrorBox('Weft cannot start', String(error));
    app.exit(1);
  });
}
