import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  contract,
  ipcEventChannel,
  ipcRequestChannel,
  type Bridge,
  type EventDef,
  type RequestDef,
} from '../shared/ipc/contract';
import type { HostBridge } from './types';

/**
 * Builds one named method per contract entry: requests invoke their own channel,
 * events subscribe to theirs. There is no way to name an arbitrary channel from the page.
 */
function buildBridge(): Bridge {
  const bridge: Record<string, Record<string, unknown>> = {};
  for (const [namespace, defs] of Object.entries(contract)) {
    const methods: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(defs as Record<string, RequestDef | EventDef>)) {
      const channel = `${namespace}.${name}`;
      if (def.kind === 'request') {
        const ipcChannel = ipcRequestChannel(channel);
        methods[name] = (input?: unknown) => ipcRenderer.invoke(ipcChannel, input);
      } else {
        const ipcChannel = ipcEventChannel(channel);
        methods[name] = (listener: (payload: unknown) => void) => {
          const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
          ipcRenderer.on(ipcChannel, wrapped);
          return () => ipcRenderer.removeListener(ipcChannel, wrapped);
        };
      }
    }
    bridge[namespace] = methods;
  }
  return bridge as Bridge;
}

const host: HostBridge = {
  // Sandboxed pages cannot see File.path; webUtils resolves the real path of a dropped folder.
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('weft', buildBridge());
contextBridge.exposeInMainWorld('weftHost', host);
