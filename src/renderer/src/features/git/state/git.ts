import { create } from 'zustand';
import type { Commit } from '../../../../../shared/domain/git';
import { api } from '../../../lib/api';
import { useWorkspace } from '../../../stores/workspace';

interface Branch {
  name: string;
  current: boolean;
  upstream: string | null;
}

/** What the git panel shows beyond status (which the explorer shares through the workspace store). */
interface GitState {
  branches: Branch[];
  log: Commit[];
  stashes: { index: number; message: string }[];
  worktrees: { path: string; branch: string | null; head: string | null }[];
  busy: string | null;
  refresh(): Promise<void>;
  /** Runs one git operation with a busy label, then refreshes everything it may have changed. */
  run(label: string, work: (projectId: string) => Promise<unknown>): Promise<void>;
}

export const useGit = create<GitState>((set, get) => ({
  branches: [],
  log: [],
  stashes: [],
  worktrees: [],
  busy: null,
  async refresh() {
    const projectId = useWorkspace.getState().projectId;
    if (!projectId) return;
    const [branches, log, stashes, worktrees] = await Promise.all([
      api.git.branches({ projectId }),
      api.git.log({ projectId, limit: 50, rev: null }),
      api.git.stashes({ projectId }),
      api.git.worktrees({ projectId }),
      useWorkspace.getState().refreshStatus(),
    ]);
    set({ branches, log, stashes, worktrees });
  },
  async run(label, work) {
    const projectId = useWorkspace.getState().projectId;
    if (!projectId) return;
    set({ busy: label });
    try {
      await work(projectId);
    } finally {
      set({ busy: null });
      await get().refresh();
    }
  },
}));

api.git.changed(({ projectId }) => {
  if (projectId === useWorkspace.getState().projectId)
    void useGit
      .getState()
      .refresh()
      .catch(() => undefined);
});
