import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcEventChannel, ipcRequestChannel, requestChannels } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/errors';
import type { Backend } from '../index';
import { isTrustedUrl } from './trusted-url';

/**
 * Binds every request channel of the contract to the router, refusing messages whose
 * sender frame is not the app's own page, and forwards events to the window.
 */
export function bindIpc(backend: Backend, getWindow: () => BrowserWindow | null, rendererEntry: string): () => void {
  const log = backend.logs.logger;
  for (const { channel } of requestChannels) {
    ipcMain.handle(
      ipcRequestChannel(channel),
      (event: IpcMainInvokeEvent, input: unknown): Promise<Envelope<unknown>> => {
        const frameUrl = event.senderFrame?.url ?? '';
        if (!isTrustedUrl(frameUrl, rendererEntry)) {
          log.warn({ channel }, 'refused IPC from an untrusted frame');
          return Promise.resolve({
            ok: false,
            error: { code: 'unauthorized', message: 'This frame may not call Weft.' },
          });
        }
        return backend.router.dispatch(channel, input, { transport: 'electron' });
      },
    );
  }
  const unsubscribe = backend.events.subscribe(
    (channel, payload) => {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send(ipcEventChannel(channel), payload);
    },
    { window: true },
  );
  return () => {
    unsubscribe();
    for (const { channel } of requestChannels) ipcMain.removeHandler(ipcRequestChannel(channel));
  };
}
