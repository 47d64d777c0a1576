// A workflow run's worktrees over its life: a step's own worktree while it runs, the clean-up
// when the run ends, and the gap between that clean-up and a resume or retry of the same run.
import { WeftError } from '../../shared/ipc/errors';
import type { Logger } from '../logging/logger';
import { NodeFailure } from './core/types';
import type { RootFor } from './executors/shell';
import type { ProjectRootOf, RunWorkspace, WorkspaceProvider } from './ports';

/** What a live run tells its worktrees' life about itself. */
export interface LiveWorkspace {
  readonly projectId: string;
  readonly workspace: RunWorkspace;
}

export class RunWorkspacesLife {
  /** Runs between a resume or retry request and their launch. */
  private readonly relaunching = new Set<string>();
  /** Runs whose worktree is being cleaned up after they ended. */
  private readonly releasing = new Map<string, Promise<void>>();

  constructor(
    private readonly workspaces: WorkspaceProvider,
    private readonly projectRoot: ProjectRootOf,
    private readonly liveRun: (runId: string) => LiveWorkspace | undefined,
    private readonly log: Logger,
  ) {}

  /** Where a step works: the run's worktree, or (`"workspace": "own"`) one of its own. */
  readonly rootFor: RootFor = async (context, workspace) => {
    if (workspace === 'run') return context.root;
    const run = this.liveRun(context.runId);
    const provider = this.workspaces.openForNode?.bind(this.workspaces);
    if (!run || !provider) {
      throw new NodeFailure('unsupported', 'Steps with a worktree of their own are not available yet.', false);
    }
    const own = await provider({
      projectId: run.projectId,
      projectRoot: this.projectRoot(run.projectId),
      runId: context.runId,
      node: context.node,
      parent: run.workspace,
    });
    return own.root;
  };

  /**
   * The run has ended (it is no longer live, so a resume or retry may come at once: they wait
   * for this in `reserving`, and then find the worktree kept or start a fresh one).
   */
  async release(projectId: string, runId: string, workspace: RunWorkspace): Promise<void> {
    const releasing = (async () => {
      try {
        const projectRoot = this.projectRoot(projectId);
        await this.workspaces.release?.({ projectId, projectRoot, runId, workspace });
      } catch (error) {
        // Clean-up is a courtesy: the worktree stays, and the Runs view offers to remove it.
        this.log.warn({ err: error, runId }, 'the run worktree could not be cleaned up');
      }
    })();
    this.releasing.set(runId, releasing);
    await releasing;
    if (this.releasing.get(runId) === releasing) this.releasing.delete(runId);
  }

  /**
   * Holds a run between "not live" and launched: resume and retry await git before the run is
   * live, and a second click in that gap must not start a second execution of the same run.
   */
  async reserving(runId: string, work: () => Promise<void>): Promise<void> {
    if (this.relaunching.has(runId)) throw new WeftError('run_busy', 'The run is already starting again.');
    this.relaunching.add(runId);
    try {
      await this.releasing.get(runId);
      await work();
    } finally {
      this.relaunching.delete(runId);
    }
  }
}
