import type { ITheme } from '@xterm/xterm';

/** Terminal colours that sit with the workbench's dark and light themes. */
export function terminalTheme(dark: boolean): ITheme {
  return dark
    ? { background: '#1b1b1c', foreground: '#d4d4d4', cursor: '#d4d4d4', selectionBackground: '#264f78' }
    : {
        background: '#f8f8f8',
        foreground: '#1f1f1f',
        cursor: '#1f1f1f',
        selectionBackground: '#add6ff',
        black: '#000000',
        brightBlack: '#666666',
        yellow: '#949800',
        brightYellow: '#b5ba00',
        white: '#555555',
        brightWhite: '#a5a5a5',
      };
}
