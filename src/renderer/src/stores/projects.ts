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
  /**
   * The trust dialog: `ask` the first time a folder opens (its answer is recorded, Escape too),
   * `manage` when reopened from the status bar, the palette or Settings.
   */
  trustPrompt: 'ask' | 'manage' | null;
  loadRecent(): Promise<void>;
  open(path: string): Promise<boolean>;
  reopenLast(): Promise<void>;
  close(): void;
  forget(id: string): Promise<void>;
  initGit(): Promise<void>;
  clearError(): void;
  manageTrust(): void;
  closeTrustPrompt(): void;
  setTrust(trusted: boolean): Promise<void>;
  setAllowedHosts(hosts: string[]): Promise<void>;
}

/** Asks about a folder's authors when it opens and nobody has answered for it yet. */
const promptFor = (project: Project | null) => (project && project.trust === null ? 'ask' : null);

export const useProjects = create<ProjectsState>((set, get) => ({
  current: null,
  recent: [],
  openError: null,
  busy: false,
  trustPrompt: null,
  async loadRecent() {
    set({ recent: await api.projects.recent() });
  },
  async open(path) {
    set({ busy: true, openError: null });
    try {
      const project = await api.projects.open({ path });
      set({ current: project, busy: false, trustPrompt: promptFor(project) });
      return true;
    } catch (error) {
      set({ openError: describeError(error), busy: false });
      return false;
    }
  },
  async reopenLast() {
    const project = await api.projects.reopenLast();
    if (project) set({ current: project, trustPrompt: promptFor(project) });
  },
  close() {
    set({ current: null, openError: null, trustPrompt: null });
  },
  async forget(id) {
    await api.projects.forget({ id });
    if (get().current?.id === id) set({ current: null, trustPrompt: null });
  },
  async initGit() {
    const current = get().current;
    if (!current) return;
    set({ current: await api.projects.initGit({ id: current.id }) });
  },
  clearError() {
    set({ openError: null });
  },
  manageTrust() {
    if (get().current) set({ trustPrompt: 'manage' });
  },
  closeTrustPrompt() {
    set({ trustPrompt: null });
  },
  async setTrust(trusted) {
    const current = get().current;
    if (!current) return;
    set({ trustPrompt: null });
    const project = await api.projects.setTrust({ id: current.id, trusted });
    if (get().current?.id === project.id) set({ current: project });
  },
  async setAllowedHosts(hosts) {
    const current = get().current;
    if (!current) return;
    const project = await api.projects.setAllowedHosts({ id: current.id, hosts });
    if (get().current?.id === project.id) set({ current: project });
  },
}));

api.projects.recentChanged((recent) => {
  const current = useProjects.getState().current;
  const fresh = current ? recent.find((p) => p.id === current.id) : undefined;
  useProjects.setState({ recent, ...(fresh ? { current: fresh } : {}) });
});

// Another window (or Settings) may answer first; the question then no longer needs asking.
api.projects.trustChanged((change) => {
  const { current, trustPrompt } = useProjects.getState();
  if (current?.id !== change.projectId) return;
  useProjects.setState({
    current: { ...current, trust: change.trust, trusted: change.trusted },
    ...(trustPrompt === 'ask' && change.trust !== null ? { trustPrompt: null } : {}),
  });
});
