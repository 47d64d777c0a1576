import { createHash } from 'node:crypto';
import { WeftError } from '../../shared/ipc/errors';
import { gitText } from '../agent/workspace/git-process';
import { headCommit } from '../agent/workspace/repo-queries';
import type { RunWorkspaces } from '../agent/workspace/run-workspaces';
import type { RunWorkspace, WorkspaceProvider } from './ports';

/**
 * Workflow runs in the agent runs' isolation: a worktree on `weft/<runId>` under the data dir,
 * created from the project's HEAD, shared by the run's steps, found again on resume.
 */
export class RunWorktreeWorkspaces implements WorkspaceProvider {
  constructor(private readonly worktrees: Pick<RunWorkspaces, 'create' | 'list' | 'removeIfUnchanged'>) {}

  async open(request: { projectRoot: string; runId: string }): Promise<RunWorkspace> {
    const created = await this.worktrees.create({ projectRoot: request.projectRoot, runId: request.runId });
    return { root: created.path, branch: created.branch, baseCommit: created.baseCommit };
  }

  async reopen(request: { projectRoot: string; runId: string }): Promise<RunWorkspace> {
    const found = (await this.worktrees.list(request.projectRoot)).find((w) => w.runId === request.runId);
    // Neither worktree nor branch: the run changed nothing and was cleaned up when it ended, so a
    // fresh worktree loses nothing.
    if (!found) return this.open(request);
    if (!found.path || found.missing) {
      throw new WeftError(
        'path_not_found',
        `The worktree of run ${request.runId} is gone (merged, discarded or removed), so the run cannot go on. Start a new run.`,
      );
    }
    return { root: found.path, branch: found.branch, baseCommit: found.baseCommit };
  }

  /** Removes the run's worktree and branch when the run changed nothing; anything else is kept. */
  async release(request: { projectRoot: string; runId: string }): Promise<void> {
    await this.worktrees.removeIfUnchanged({ projectRoot: request.projectRoot, runId: request.runId });
  }

  /**
   * A step's own worktree (`"workspace": "own"`), branched from the run's worktree as it is when
   * the step starts, so parallel steps cannot trip over each other's files. Its id is derived
   * from the run and the step, so a resumed or retried step finds it again.
   */
  async openForNode(request: {
    projectRoot: string;
    runId: string;
    node: string;
    parent: RunWorkspace;
  }): Promise<RunWorkspace> {
    const id = nodeWorkspaceId(request.runId, request.node);
    const found = (await this.worktrees.list(request.projectRoot)).find((w) => w.runId === id);
    if (found?.path && !found.missing) return { root: found.path, branch: found.branch, baseCommit: found.baseCommit };
    const created = await this.worktrees.create({ projectRoot: request.projectRoot, runId: id });
    // Created at the project's HEAD; moved (inside the new worktree only) to where the run is now.
    const parentHead = await headCommit(request.parent.root);
    if (parentHead && parentHead !== created.baseCommit)
      await gitText(created.path, ['reset', '-q', '--hard', parentHead]);
    return { root: created.path, branch: created.branch, baseCommit: parentHead ?? created.baseCommit };
  }
}

/** A run id for a step's own worktree: lowercase hex, as run ids must be. */
export function nodeWorkspaceId(runId: string, node: string): string {
  return createHash('sha256').update(`${runId}/${node}`).digest('hex').slice(0, 20);
}
