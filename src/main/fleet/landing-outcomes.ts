// What a landing's outcome does to the board: done (dependents freed, stacked tasks moved, cleanup) or back to review.
import { existsSync } from 'node:fs';
import type { Task } from '../../shared/domain/tasks';
import type { Attention } from '../../shared/ipc/domains/tasks';
import type { Logger } from '../logging/logger';
import type { Board } from './board';
import type { PortAllocator } from './environment';
import type { FleetSettingsStore } from './fleet-settings';
import { updateOntoBase, type GitPlace } from './git/landing-steps';
import type { LandingOutcome } from './git/merge-queue';
import { removeTask } from './git/task-archive';
import { taskBranch, type TaskFiles } from './task-files';

export interface LandingOutcomesDeps {
  readonly board: Board;
  readonly files: TaskFiles;
  readonly settings: FleetSettingsStore;
  readonly ports: PortAllocator;
  readonly place: (projectId: string) => GitPlace;
  readonly log: Logger;
  readonly onAttention: (attention: Attention) => void;
  /** The base branch moved: the radar looks again. */
  readonly onBaseMoved: (projectId: string) => void;
  /** A task left the board's active work: the scheduler may start another. */
  readonly onSlotFreed: (projectId: string) => void;
}

/** Records each landing's outcome on the board; an outcome that cannot be recorded is logged, never thrown at the queue. */
export class LandingOutcomes {
  constructor(private readonly deps: LandingOutcomesDeps) {}

  async apply(projectId: string, outcome: LandingOutcome): Promise<void> {
    try {
      let task = this.deps.board.get(outcome.taskId);
      if (task.interrupted && outcome.kind !== 'interrupted') task = this.deps.board.resume(task.id);
      switch (outcome.kind) {
        case 'landed': {
          await this.afterLanding(task, outcome.commit);
          return;
        }
        case 'interrupted': {
          if (!outcome.landed) return;
          if (task.interrupted) task = this.deps.board.resume(task.id);
          await this.afterLanding(task, outcome.baseCommit!);
          return;
        }
        case 'review':
        case 'waiting': {
          // The queue's message names the conflicting or uncommitted files already.
          const next = this.deps.board.apply(task.id, {
            type: 'mergeRejected',
            failure: {
              code: outcome.kind === 'waiting' ? 'waiting' : outcome.reason,
              message: outcome.message,
              output: outcome.kind === 'review' && outcome.output ? outcome.output : null,
            },
          });
          if (outcome.kind === 'review' && outcome.output)
            this.deps.files.writeOutput(task.id, 'check', outcome.output);
          this.deps.onAttention({
            projectId,
            taskId: next.id,
            title: next.title,
            kind: 'review',
            message: outcome.message,
          });
          return;
        }
      }
    } catch (error) {
      this.deps.log.error({ err: error, projectId, taskId: outcome.taskId }, 'a landing outcome was not recorded');
    }
  }

  /** Done: dependents become ready (in the Board's same change), stacked tasks move onto the base, cleanup per setting. */
  private async afterLanding(task: Task, commit: string): Promise<void> {
    const done = this.deps.board.apply(task.id, { type: 'landed' });
    this.deps.ports.release(task.id);
    this.deps.onAttention({
      projectId: done.projectId,
      taskId: done.id,
      title: done.title,
      kind: 'done',
      message: `Landed on ${done.baseBranch} (${commit.slice(0, 10)}).`,
    });
    const place = this.deps.place(task.projectId);
    for (const stacked of this.deps.board.stackedOn(task.id)) await this.unstack(stacked, commit, place);
    if (this.deps.settings.get(task.projectId).prune === 'done') {
      await removeTask(place, {
        taskId: task.id,
        branch: done.branch ?? taskBranch(task.id),
        worktreePath: this.deps.files.worktreePath(task.id),
      }).catch((error: unknown) => this.deps.log.warn({ err: error, taskId: task.id }, 'pruning a landed task failed'));
    }
    this.deps.onBaseMoved(task.projectId);
    this.deps.onSlotFreed(task.projectId);
  }

  /**
   * A task started on a dependency's branch goes onto the base branch once the dependency
   * landed. Only when it is not working (review or failed); a running one keeps its stack
   * until the merge queue updates it onto the base when it lands.
   */
  private async unstack(task: Task, baseCommit: string, place: GitPlace): Promise<void> {
    if (task.state !== 'review' && task.state !== 'failed') return;
    const path = this.deps.files.worktreePath(task.id);
    if (!existsSync(path)) return;
    const strategy = this.deps.settings.get(task.projectId).mergeStrategy;
    try {
      const updated = await updateOntoBase(place, path, baseCommit, strategy, task.baseBranch);
      if (updated.ok) this.deps.board.apply(task.id, { type: 'unstacked' });
      else
        this.deps.log.warn({ taskId: task.id, conflicts: updated.conflicts }, 'a stacked task conflicts with its base');
    } catch (error) {
      this.deps.log.warn({ err: error, taskId: task.id }, 'a stacked task could not be updated onto its base');
    }
  }
}
