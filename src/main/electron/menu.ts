import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The application menu; items that act on the workbench send a command id to the renderer. */
export function buildMenu(
  send: (commandId: string) => void,
  getWindow: () => BrowserWindow | null,
  withDevTools: boolean,
): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => send('workbench.openFolder') },
        { label: 'Close Folder', click: () => send('workbench.closeFolder') },
        { type: 'separator' },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => send('workbench.showSettings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Command Palette…', accelerator: 'CmdOrCtrl+Shift+P', click: () => send('workbench.commandPalette') },
        { label: 'Toggle Side Bar', accelerator: 'CmdOrCtrl+B', click: () => send('workbench.toggleSideBar') },
        { label: 'Toggle Panel', accelerator: 'CmdOrCtrl+J', click: () => send('workbench.togglePanel') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        { type: 'separator' },
        { label: 'Reload Window', accelerator: 'CmdOrCtrl+R', click: () => getWindow()?.webContents.reload() },
        // Developer tools only in a development checkout, not in the shipped app.
        ...(withDevTools ? [{ role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
