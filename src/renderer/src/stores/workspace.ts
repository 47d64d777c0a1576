import { create } from 'zustand';
import type { DirEntry } from '../../../shared/domain/files';
import type { RepoStatus } from '../../../shared/domain/git';
import type { IndexStatus } from '../../../shared/domain/search';
import { api } from '../lib/api';
import { useProjects } from './projects';

/** The explorer's view of the open project: loaded folders, expanded folders, git status. */
interface WorkspaceState {
  projectId: string | null;
  children: Record<string, DirEntry[]>;
  expanded: Record<string, boolean>;
  selected: string | null;
  status: RepoStatus | null;
  /** Porcelain letter per path for explorer colours ('M', 'A', 'D', '?', 'U'). */
  decorations: Record<string, string>;
  index: IndexStatus | null;
  reset(projectId: string | null): void;
  loadDir(dir: string): Promise<void>;
  toggle(dir: string): Promise<void>;
  select(path: string | null): void;
  refreshStatus(): Promise<void>;
}

function decorate(status: RepoStatus | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of status?.entries ?? []) {
    const letter = e.conflicted ? 'U' : e.worktree !== '.' ? e.worktree : e.index;
    out[e.path] = letter;
    // Folders show that something inside changed.
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) out[parts.slice(0, i).join('/')] ??= '•';
  }
  return out;
}

export const useWorkspace = create<WorkspaceState>((set, get) => ({
  projectId: null,
  children: {},
  expanded: {},
  selected: null,
  status: null,
  decorations: {},
  index: null,
  reset(projectId) {
    set({
      projectId,
      children: {},
      expanded: { '': true },
      selected: null,
      status: null,
      decorations: {},
      index: null,
    });
  },
  async loadDir(dir) {
    const projectId = get().projectId;
    if (!projectId) return;
    const entries = await api.files.list({ projectId, dir });
    if (get().projectId === projectId) set({ children: { ...get().children, [dir]: entries } });
  },
  async toggle(dir) {
    const open = !get().expanded[dir];
    set({ expanded: { ...get().expanded, [dir]: open } });
    if (open && !get().children[dir]) await get().loadDir(dir);
  },
  select(path) {
    set({ selected: path });
  },
  async refreshStatus() {
    const projectId = get().projectId;
    const project = useProjects.getState().current;
    if (!projectId || !project?.isGitRepo) {
      set({ status: null, decorations: {} });
      return;
    }
    const status = await api.git.status({ projectId });
    if (get().projectId === projectId) set({ status, decorations: decorate(status) });
  },
}));

// Keep loaded folders and git colours current when files change outside Weft.
api.files.changed(({ projectId, changes }) => {
  const state = useWorkspace.getState();
  if (projectId !== state.projectId) return;
  const dirs = new Set(changes.map((c) => c.path.split('/').slice(0, -1).join('/')));
  for (const dir of dirs) if (state.children[dir]) void state.loadDir(dir);
});
api.git.changed(({ projectId }) => {
  if (projectId === useWorkspace.getState().projectId) void useWorkspace.getState().refreshStatus();
});
api.search.progress((index) => {
  if (index.projectId === useWorkspace.getState().projectId) useWorkspace.setState({ index });
});
