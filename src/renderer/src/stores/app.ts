import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import { api, connection, type ConnectionState } from '../lib/api';

interface AppState {
  info: AppInfo | null;
  connection: ConnectionState;
  load(): Promise<void>;
}

/** Facts about the host (desktop or browser mode) and the link to it. */
export const useApp = create<AppState>((set) => ({
  info: null,
  connection: connection.state,
  async load() {
    set({ info: await api.app.info() });
  },
}));

connection.onChange((state) => useApp.setState({ connection: state }));
