import { create } from 'zustand';
import { describeError } from '../lib/errors';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly title: string;
  readonly message: string;
  /** A button on the notice that leads to where the problem can be fixed. */
  readonly action?: NoticeAction;
}

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

interface NoticeState {
  notices: Notice[];
  push(kind: Notice['kind'], title: string, message: string, action?: NoticeAction): void;
  /** Shows an error as a person-readable notice. */
  error(error: unknown): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNotices = create<NoticeState>((set, get) => ({
  notices: [],
  push(kind, title, message, action) {
    const notice = { id: nextId++, kind, title, message, ...(action ? { action } : {}) };
    set({ notices: [...get().notices.slice(-4), notice] });
    if (kind === 'info') setTimeout(() => get().dismiss(notice.id), 5000);
  },
  error(error) {
    const { title, message } = describeError(error);
    get().push('error', title, message);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));
