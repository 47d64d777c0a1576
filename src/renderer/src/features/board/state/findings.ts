import { create } from 'zustand';
import type { FindingView } from '../../../../../shared/ipc/domains/tasks';
import { api } from '../../../lib/api';
import { describeError } from '../../../lib/errors';
import { useBoard, withTask, type ErrorInfo } from './board';

type Action = Parameters<typeof api.tasks.reconcileAction>[0]['action'];

interface FindingsState {
  projectId: string | null;
  /** Where git and the board disagree, as of the last check. */
  findings: FindingView[];
  checking: boolean;
  /** The key of the finding whose action is running (one at a time: each changes the repository). */
  busy: string | null;
  error: ErrorInfo | null;
  check(projectId: string): Promise<void>;
  act(key: string, action: Action): Promise<void>;
  recover(key: string, taskId: string): Promise<void>;
}

/** A finding's identity in the list (the same difference found again keeps its key). */
export function findingKey(f: FindingView): string {
  switch (f.kind) {
    case 'stray_worktree':
      return `${f.kind}:${f.path}`;
    case 'stray_branch':
      return `${f.kind}:${f.branch}`;
    default:
      return `${f.kind}:${f.taskId}`;
  }
}

/**
 * The board compared with git's worktrees and branches (tasks.reconcile). Checking changes
 * nothing; every change is an action the user clicked, and its answer is the findings left.
 */
export const useFindings = create<FindingsState>((set, get) => {
  /** Runs a change, then shows the findings it answers; a refusal stays on screen with its words. */
  async function run(projectId: string, key: string, change: () => Promise<FindingView[]>): Promise<void> {
    set({ busy: key, error: null });
    try {
      const findings = await change();
      if (get().projectId === projectId) set({ findings });
    } catch (error) {
      if (get().projectId === projectId) set({ error: describeError(error) });
    } finally {
      if (get().busy === key) set({ busy: null });
    }
  }
  return {
    projectId: null,
    findings: [],
    checking: false,
    busy: null,
    error: null,
    async check(projectId) {
      const changed = get().projectId !== projectId;
      set({ projectId, checking: true, error: null, ...(changed ? { findings: [] } : {}) });
      try {
        const findings = await api.tasks.reconcile({ projectId });
        if (get().projectId === projectId) set({ findings });
      } catch (error) {
        if (get().projectId === projectId) set({ error: describeError(error) });
      } finally {
        if (get().projectId === projectId) set({ checking: false });
      }
    },
    act(key, action) {
      const projectId = get().projectId;
      if (!projectId) return Promise.resolve();
      return run(projectId, key, () => api.tasks.reconcileAction({ projectId, action }));
    },
    recover(key, taskId) {
      const projectId = get().projectId;
      if (!projectId) return Promise.resolve();
      return run(projectId, key, async () => {
        await withTask(api.tasks.recover({ taskId }));
        return api.tasks.reconcile({ projectId });
      });
    },
  };
});

/** Checks the open board's worktrees again (the ⋯ menu's "Check worktrees", Refresh). */
export function checkWorktrees(): Promise<void> {
  const projectId = useBoard.getState().projectId;
  return projectId ? useFindings.getState().check(projectId) : Promise.resolve();
}
