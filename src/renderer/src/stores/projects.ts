import { create } from 'zustand';
import type { Project } from '../../../shared/domain/project';
import { api } from '../lib/api';
import { describeError } from '../lib/errors';

interface ProjectsState {
  current: Project | null;
  recent: Project[];
  /** The last failed attempt to open a folder, shown beside the path field. */
  openError: { title: string; message: string } | null;
  busy: boolean;
  loadRecent(): Promise<void>;
  open(path: string): Promise<boolean>;
  reopenLast(): Promise<void>;
  close(): void;
  forget(id: string): Promise<void>;
  initGit(): Promise<void>;
  clearError(): void;
}

export const useProjects = create<ProjectsState>((set, get) => ({
  current: null,
  recent: [],
  openError: null,
  busy: false,
  async loadRecent() {
    set({ recent: await api.projects.recent() });
  },
  async open(path) {
    set({ busy: true, openError: null });
    try {
      const project = await api.projects.open({ path });
      set({ current: project, busy: false });
      return true;
    } catch (error) {
      set({ openError: describeError(error), busy: false });
      return false;
    }
  },
  async reopenLast() {
    const project = await api.projects.reopenLast();
    if (project) set({ current: project });
  },
  close() {
    set({ current: null, openError: null });
  },
  async forget(id) {
    await api.projects.forget({ id });
    if (get().current?.id === id) set({ current: null });
  },
  async initGit() {
    const current = get().current;
    if (!current) return;
    set({ current: await api.projects.initGit({ id: current.id }) });
  },
  clearError() {
    set({ openError: null });
  },
}));

api.projects.recentChanged((recent) => {
  const current = useProjects.getState().current;
  const fresh = current ? recent.find((p) => p.id === current.id) : undefined;
  useProjects.setState({ recent, ...(fresh ? { current: fresh } : {}) });
});
