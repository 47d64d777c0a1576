// The conflict radar kept current in the background, one recompute at a time per project.
import type { Task } from '../../shared/domain/tasks';
import type { RadarReportView } from '../../shared/ipc/domains/tasks';
import { ConflictRadar, type RadarPair, type RadarPairDetails, type RadarTaskState } from './git/radar';
import { reasonOf } from './git/errors';

/** States whose branches can collide: work exists and has not landed. */
const radarStates = new Set<Task['state']>(['running', 'validating', 'review', 'merging', 'failed']);

export interface RadarWatchDeps {
  readonly projectRoot: (projectId: string) => string;
  readonly isTrusted: (projectId: string) => boolean;
  readonly tasks: (projectId: string) => Task[];
  readonly onReport: (report: RadarReportView) => void;
  readonly now?: () => number;
  /** Moves closer together than this are computed once. */
  readonly debounceMs?: number;
}

/**
 * Recomputes the radar of a project after its task branches or base moved: a burst of
 * checkpoints gives one recompute after it, never a timer per task, and nothing runs while
 * no branch moves. The radar's own cache keeps a recompute to the pairs that changed.
 */
export class RadarWatch {
  private readonly radars = new Map<string, ConflictRadar>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly latest = new Map<string, RadarReportView>();
  private disposed = false;

  constructor(private readonly deps: RadarWatchDeps) {}

  /** Something moved in the project: recompute soon. */
  poke(projectId: string): void {
    if (this.disposed || this.timers.has(projectId)) return;
    this.timers.set(
      projectId,
      setTimeout(() => {
        this.timers.delete(projectId);
        void this.compute(projectId);
      }, this.deps.debounceMs ?? 250),
    );
  }

  /** The last report, or one computed now. */
  async report(projectId: string, refresh = false): Promise<RadarReportView> {
    const last = this.latest.get(projectId);
    if (last && !refresh) return last;
    return this.compute(projectId);
  }

  /**
   * One report for the project: tasks are grouped by base branch (the radar compares against
   * one base at a time); a failure (git too old, base missing) is reported, not thrown.
   */
  async compute(projectId: string): Promise<RadarReportView> {
    const tasks = this.deps.tasks(projectId).filter((t) => radarStates.has(t.state) && t.branch);
    const byBase = new Map<string, Task[]>();
    for (const t of tasks) byBase.set(t.baseBranch, [...(byBase.get(t.baseBranch) ?? []), t]);
    const states: RadarTaskState[] = [];
    const pairs: RadarPair[] = [];
    let base: RadarReportView['base'] = null;
    let error: RadarReportView['error'] = null;
    for (const [branch, group] of byBase) {
      try {
        const r = await this.radar(projectId, branch).compute(
          branch,
          group.map((t) => ({ taskId: t.id, branch: t.branch! })),
        );
        base ??= r.base;
        states.push(...r.tasks);
        pairs.push(...r.pairs);
      } catch (e) {
        error = reasonOf(e, 'Computing the conflict radar');
      }
    }
    const report: RadarReportView = {
      projectId,
      at: (this.deps.now ?? Date.now)(),
      base,
      tasks: states.map((s) => ({ ...s, problem: s.problem ? { ...s.problem } : null })),
      pairs: pairs.map((p) => ({
        ...p,
        overlap: [...p.overlap],
        // Line ranges are read per pair on request (details below), not in every recompute.
        conflicts: p.conflicts.map((path) => ({ path, hunks: [] })),
      })),
      error,
    };
    if (!this.disposed) {
      this.latest.set(projectId, report);
      this.deps.onReport(report);
    }
    return report;
  }

  /** The conflicted line ranges of one pair of the last report (null when it has no such pair). */
  async details(projectId: string, a: string, b: string): Promise<RadarPairDetails | null> {
    for (const [key, radar] of this.radars)
      if (key.startsWith(`${projectId}\0`)) {
        const found = await radar.details(a, b);
        if (found) return found;
      }
    return null;
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    // Each radar's scratch object store (in memory) goes with it.
    for (const radar of this.radars.values()) void radar.dispose();
  }

  /** One radar per project and base branch: a radar keeps only the caches of its latest recompute. */
  private radar(projectId: string, baseBranch: string): ConflictRadar {
    const key = `${projectId}\0${baseBranch}`;
    let radar = this.radars.get(key);
    if (!radar) {
      radar = new ConflictRadar({ repo: this.deps.projectRoot(projectId), trusted: this.deps.isTrusted(projectId) });
      this.radars.set(key, radar);
    }
    return radar;
  }
}
