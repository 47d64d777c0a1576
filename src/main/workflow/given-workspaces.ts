// Runs that work in a place their caller owns (the board's task worktree on `weft/task-<id>`):
// the run's steps work there, and the run's own start, resume and clean-up never touch it.
import { basename, dirname } from 'node:path';
import { taskIdOfWorkspace } from '../../shared/domain/agent';
import type { RunResult } from '../../shared/domain/terminal';
import { WeftError } from '../../shared/ipc/errors';
import type { RunSpec } from '../terminal/runner';
import type { ShellRunner } from './executors/shell';
import type { GivenPlace, RunWorkspace, WorkspaceProvider } from './ports';

export class GivenWorkspaces {
  /** Run id → the place its caller gave it, while the run may use it. */
  private readonly given = new Map<string, GivenPlace>();

  readonly provider: WorkspaceProvider;

  constructor(private readonly inner: WorkspaceProvider) {
    this.provider = this.providerOver(inner);
  }

  /** The run works in `place` from now on (a start, or a resume after a restart). */
  give(runId: string, place: GivenPlace): void {
    this.given.set(runId, place);
  }

  /** The provider runs use: a given place wins over the run's own worktree, and is never released. */
  private providerOver(inner: WorkspaceProvider): WorkspaceProvider {
    return {
      open: (request) => Promise.resolve(this.placeOf(request.runId) ?? inner.open(request)),
      reopen: (request) => Promise.resolve(this.placeOf(request.runId) ?? inner.reopen(request)),
      release: (request) => {
        // The owner (the board) removes its worktree when the task is done; the run only lets go.
        if (this.given.delete(request.runId)) return Promise.resolve();
        return inner.release?.(request) ?? Promise.resolve();
      },
      ...(inner.openForNode ? { openForNode: (request) => inner.openForNode!(request) } : {}),
    };
  }

  /**
   * The shell runner steps use: a command in a given place also gets that place's variables (the
   * task's PORT block), under the step's own `env`, which is the more specific of the two.
   */
  shellRunner(runner: ShellRunner): ShellRunner {
    return {
      run: (spec: RunSpec, where?: { readonly root: string; readonly projectId: string }): Promise<RunResult> => {
        const env = where ? this.envAt(where.root) : null;
        return runner.run(env ? { ...spec, env: { ...env, ...spec.env } } : spec, where);
      },
    };
  }

  private placeOf(runId: string): RunWorkspace | null {
    const place = this.given.get(runId);
    return place ? { root: place.root, branch: place.branch, baseCommit: place.baseCommit } : null;
  }

  private envAt(root: string): Readonly<Record<string, string>> | null {
    for (const place of this.given.values()) if (place.root === root && place.env) return place.env;
    return null;
  }
}

/**
 * A board task's run worked in the task's worktree, which only the board gives it (with the task's
 * ports), and the board follows the run to move the task on. Resumed or retried from anywhere else
 * it would start over in a fresh worktree and leave the task behind, so it is refused there.
 */
export function assertPlaceGiven(run: { readonly root: string | null }, place: GivenPlace | undefined): void {
  // Task worktrees live in Weft's worktrees folder as `task-<id>`; a project folder of that name is not one.
  if (place || !run.root || taskIdOfWorkspace(basename(run.root)) === null) return;
  if (basename(dirname(run.root)) !== 'worktrees') return;
  throw new WeftError(
    'run_owned_by_task',
    'This workflow run belongs to a task on the task board. Resume or retry the task there, so it goes on in the task’s worktree.',
  );
}
