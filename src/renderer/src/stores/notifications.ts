import { create } from 'zustand';
import { describeError } from '../lib/errors';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly title: string;
  readonly message: string;
}

interface NoticeState {
  notices: Notice[];
  push(kind: Notice['kind'], title: string, message: string): void;
  /** Shows an error as a person-readable notice. */
  error(error: unknown): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNotices = create<NoticeState>((set, get) => ({
  notices: [],
  push(kind, title, message) {
    const notice = { id: nextId++, kind, title, message };
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
