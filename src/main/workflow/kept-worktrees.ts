import type { KeptRunWorkspace } from '../../shared/ipc/domains/workflow';
import { WeftError } from '../../shared/ipc/errors';
import { liveWorkflowStatuses } from '../../shared/workflow/run';
import type { RunWorkspaces } from '../agent/workspace/run-workspaces';
import type { WorkflowService } from './workflow-service';

/**
 * The worktrees and `weft/<run>` branches finished workflow runs kept (because they changed
 * something), with what each holds that exists nowhere else, and their clean-up at the user's
 * request. Agent runs' worktrees are left to the agent's review.
 */
export class KeptWorktrees {
  constructor(
    private readonly worktrees: Pick<RunWorkspaces, 'list' | 'pending' | 'archiveAndRemove'>,
    private readonly runs: Pick<WorkflowService, 'runs'>,
    private readonly projectRoot: (projectId: string) => string,
  ) {}

  async list(projectId: string): Promise<KeptRunWorkspace[]> {
    const root = this.projectRoot(projectId);
    const finished = new Map(
      this.runs
        .runs(projectId, 1000)
        .filter((r) => !liveWorkflowStatuses.includes(r.status))
        .map((r) => [r.id, r]),
    );
    const out: KeptRunWorkspace[] = [];
    for (const w of await this.worktrees.list(root)) {
      const run = finished.get(w.runId);
      if (!run) continue;
      const { commits, files } = await this.worktrees.pending({ projectRoot: root, runId: w.runId });
      out.push({ runId: w.runId, workflow: run.workflow, branch: w.branch, worktree: w.path !== null, commits, files });
    }
    return out;
  }

  /** Removes the chosen runs' worktrees and branches; unmerged work is archived first (see archiveAndRemove). */
  async cleanUp(projectId: string, runIds: readonly string[]): Promise<{ removed: string[]; archived: string[] }> {
    const kept = new Set((await this.list(projectId)).map((k) => k.runId));
    const unknown = runIds.find((id) => !kept.has(id));
    if (unknown !== undefined)
      throw new WeftError('invalid_input', `Run ${unknown.slice(0, 40)} has no kept worktree or branch to clean up.`);
    const root = this.projectRoot(projectId);
    const removed: string[] = [];
    const archived: string[] = [];
    for (const runId of runIds) {
      const result = await this.worktrees.archiveAndRemove({ projectRoot: root, runId });
      removed.push(runId);
      if (result.archived) archived.push(result.archived);
    }
    return { removed, archived };
  }
}
