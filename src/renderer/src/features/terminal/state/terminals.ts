import { create } from 'zustand';
import type { TerminalInfo } from '../../../../../shared/domain/terminal';
import { api } from '../../../lib/api';

interface TerminalsState {
  /** Every session main has, in the order they were opened. */
  sessions: TerminalInfo[];
  active: string | null;
  /** The session shown beside the active one, when the view is split. */
  split: string | null;
  load(): Promise<void>;
  /** Opens a shell in the project root, or in `cwd` inside it ("new terminal here"). */
  create(projectId: string, options?: { cwd?: string; split?: boolean }): Promise<TerminalInfo>;
  setActive(id: string): void;
  setSplit(id: string | null): void;
  close(id: string): Promise<void>;
}

const upsert = (list: TerminalInfo[], info: TerminalInfo) =>
  list.some((s) => s.id === info.id) ? list.map((s) => (s.id === info.id ? info : s)) : [...list, info];

/** Terminal tabs mirrored from main; the screens themselves live in features/terminal. */
export const useTerminals = create<TerminalsState>((set, get) => ({
  sessions: [],
  active: null,
  split: null,
  async load() {
    const sessions = await api.terminal.list();
    set((s) => ({ sessions, active: s.active ?? sessions[0]?.id ?? null }));
  },
  async create(projectId, options = {}) {
    const info = await api.terminal.create({ projectId, cwd: options.cwd, cols: 80, rows: 24 });
    const previous = get().active;
    set((s) => ({
      sessions: upsert(s.sessions, info),
      active: info.id,
      split: options.split && previous ? previous : s.split,
    }));
    return info;
  },
  setActive(id) {
    set((s) => ({ active: id, split: s.split === id ? null : s.split }));
  },
  setSplit(split) {
    set({ split });
  },
  async close(id) {
    await api.terminal.close({ id });
  },
}));

api.terminal.changed((info) =>
  useTerminals.setState((s) => ({ sessions: upsert(s.sessions, info), active: s.active ?? info.id })),
);
api.terminal.removed(({ id }) =>
  useTerminals.setState((s) => {
    const sessions = s.sessions.filter((t) => t.id !== id);
    const active = s.active === id ? (s.split ?? sessions[sessions.length - 1]?.id ?? null) : s.active;
    return { sessions, active, split: s.split === id || s.split === active ? null : s.split };
  }),
);
