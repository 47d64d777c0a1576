// Applying the scheduler's decisions to a started board, one pass at a time per project.
import type { Logger } from '../logging/logger';
import type { Board } from './board';
import type { FleetSettingsStore } from './fleet-settings';
import type { TaskRunner } from './task-runner';

export interface BoardPumpDeps {
  readonly board: Board;
  readonly settings: FleetSettingsStore;
  readonly runner: TaskRunner;
  readonly log: Logger;
  /** True while the user's board for the project is started (and Weft not shutting down). */
  readonly isRunning: (projectId: string) => boolean;
  /** Continues an interrupted task the scheduler chose to resume. */
  readonly resume: (taskId: string) => Promise<unknown>;
  /** The board paused itself (budget): the UI hears it. */
  readonly onPaused: (projectId: string) => void;
}

/**
 * Starts what the scheduler decides, up to N at once and within the per-provider limits. A
 * pass asked for while one runs is run once after it, so bursts of changes cost one pass.
 */
export class BoardPump {
  /** Tasks being started (worktree, setup) and not yet `running` on the board. */
  private readonly starting = new Map<string, Set<string>>();
  private readonly pumping = new Set<string>();
  private readonly repump = new Set<string>();

  constructor(private readonly deps: BoardPumpDeps) {}

  pump(projectId: string): void {
    if (!this.deps.isRunning(projectId)) return;
    if (this.pumping.has(projectId)) {
      this.repump.add(projectId);
      return;
    }
    this.pumping.add(projectId);
    queueMicrotask(() => {
      try {
        this.pumpOnce(projectId);
      } catch (error) {
        this.deps.log.error({ err: error, projectId }, 'the board could not schedule');
      } finally {
        this.pumping.delete(projectId);
        if (this.repump.delete(projectId)) this.pump(projectId);
      }
    });
  }

  private pumpOnce(projectId: string): void {
    if (!this.deps.isRunning(projectId)) return;
    const { board } = this.deps;
    const starting = this.starting.get(projectId) ?? new Set<string>();
    this.starting.set(projectId, starting);
    const tasks = board.list(projectId);
    const inFlight: Record<string, number> = {};
    for (const t of tasks) {
      const busy = (t.state === 'running' && !t.interrupted) || starting.has(t.id);
      if (busy && t.assignee?.kind === 'agent')
        inFlight[t.assignee.model.providerId] = (inFlight[t.assignee.model.providerId] ?? 0) + 1;
    }
    const decisions = board.schedule(projectId, inFlight);
    if (decisions.some((d) => d.kind === 'pause')) {
      this.deps.onPaused(projectId);
      return;
    }
    // Tasks being set up hold a slot the board does not see yet (they are still `ready`).
    let room = this.deps.settings.get(projectId).concurrency - starting.size;
    for (const d of decisions) {
      if (d.kind === 'resume') {
        void this.deps
          .resume(d.taskId)
          .catch((error: unknown) =>
            this.deps.log.warn({ err: error, taskId: d.taskId }, 'a task run did not stop or continue'),
          );
        continue;
      }
      if (d.kind !== 'start' || starting.has(d.taskId) || room <= 0) continue;
      room--;
      starting.add(d.taskId);
      const task = board.get(d.taskId);
      void this.deps.runner.start(task, d.base).finally(() => {
        starting.delete(d.taskId);
        this.pump(projectId);
      });
    }
  }
}
