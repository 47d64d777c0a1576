import type { Bridge } from '../shared/ipc/contract';
import type { HostBridge } from './types';

declare global {
  interface Window {
    /** The contract bridge; present in the desktop app, absent in browser mode. */
    weft?: Bridge;
    weftHost?: HostBridge;
  }
}

export {};
