import { create } from 'zustand';
import type { LogEntry } from '../../../../../shared/ipc/contract';
import { api } from '../../../lib/api';

const KEEP = 500;

interface LogsState {
  entries: LogEntry[];
  load(): Promise<void>;
}

/** Recent main-process log entries for the Logs panel. */
export const useLogs = create<LogsState>((set) => ({
  entries: [],
  async load() {
    set({ entries: await api.logs.recent({ limit: KEEP }) });
  },
}));

api.logs.entry((entry) => useLogs.setState((s) => ({ entries: [...s.entries.slice(-(KEEP - 1)), entry] })));
