// Runs that work in a place their caller owns (the board's task worktree on `weft/task-<id>`):
// the run's steps work there, and the run's own start, resume and clean-up never touch it.
import type { RunResult } from '../../shared/domain/terminal';
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
