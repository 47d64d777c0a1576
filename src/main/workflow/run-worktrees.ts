import { WeftError } from '../../shared/ipc/errors';
import type { RunWorkspaces } from '../agent/workspace/run-workspaces';
import type { RunWorkspace, WorkspaceProvider } from './ports';

/**
 * Workflow runs in the agent runs' isolation: a worktree on `weft/<runId>` under the data dir,
 * created from the project's HEAD, shared by the run's steps, found again on resume.
 */
export class RunWorktreeWorkspaces implements WorkspaceProvider {
  constructor(private readonly worktrees: Pick<RunWorkspaces, 'create' | 'list'>) {}

  async open(request: { projectRoot: string; runId: string }): Promise<RunWorkspace> {
    const created = await this.worktrees.create({ projectRoot: request.projectRoot, runId: request.runId });
    return { root: created.path, branch: created.branch, baseCommit: created.baseCommit };
  }

  async reopen(request: { projectRoot: string; runId: string }): Promise<RunWorkspace> {
    const found = (await this.worktrees.list(request.projectRoot)).find((w) => w.runId === request.runId);
    if (!found?.path || found.missing) {
      throw new WeftError(
        'path_not_found',
        `The worktree of run ${request.runId} is gone (merged, discarded or removed), so the run cannot go on. Start a new run.`,
      );
    }
    return { root: found.path, branch: found.branch, baseCommit: found.baseCommit };
  }
}
