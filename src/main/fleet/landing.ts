// The merge queues of the board: one per project and base branch, fed by approvals.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Task } from '../../shared/domain/tasks';
import type { RunCheck } from './git/check-process';
import { taskBranch } from './task-files';
import { FileLandingJournal } from './git/landing-journal';
import type { Strategy } from './git/landing-steps';
import { MergeQueue, type LandingOutcome } from './git/merge-queue';

export interface LandingDeps {
  /** Where each queue keeps its in-flight landing, and its temporary worktrees. */
  readonly dir: string;
  readonly projectRoot: (projectId: string) => string;
  readonly isTrusted: (projectId: string) => boolean;
  readonly strategy: (projectId: string) => Strategy;
  /** The same sandboxed check as validation, for a project. */
  readonly check: (projectId: string) => RunCheck;
  readonly worktreePath: (taskId: string) => string;
  readonly onOutcome: (projectId: string, outcome: LandingOutcome) => void;
}

/**
 * Lands approved tasks one at a time per base branch. A queue is made on first use (or at
 * start-up for a landing a killed Weft left journaled) and keeps its journal in a file named
 * after the project and branch, so recovery finds it again.
 */
export class Landing {
  private readonly queues = new Map<string, MergeQueue>();

  constructor(private readonly deps: LandingDeps) {}

  enqueue(task: Task): void {
    this.queue(task.projectId, task.baseBranch).enqueue({
      taskId: task.id,
      branch: task.branch ?? taskBranch(task.id),
      worktreePath: this.deps.worktreePath(task.id),
    });
  }

  /** Settles a landing interrupted by a stop of Weft, for each base branch its tasks use. */
  async recover(projectId: string, baseBranches: readonly string[]): Promise<void> {
    for (const base of new Set(baseBranches)) await this.queue(projectId, base).recover();
  }

  /** Task ids waiting to land in a project. */
  queued(projectId: string): string[] {
    return [...this.queues.entries()].filter(([k]) => k.startsWith(`${projectId}\0`)).flatMap(([, q]) => q.queued());
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
  }

  dispose(): void {
    for (const q of this.queues.values()) q.dispose();
  }

  private queue(projectId: string, baseBranch: string): MergeQueue {
    const key = `${projectId}\0${baseBranch}`;
    let queue = this.queues.get(key);
    if (!queue) {
      const name = createHash('sha256').update(key).digest('hex').slice(0, 16);
      queue = new MergeQueue({
        repo: this.deps.projectRoot(projectId),
        baseBranch,
        strategy: this.deps.strategy(projectId),
        runCheck: this.deps.check(projectId),
        journal: new FileLandingJournal(join(this.deps.dir, `landing-${name}.json`)),
        scratchDir: join(this.deps.dir, 'scratch'),
        trusted: this.deps.isTrusted(projectId),
        onOutcome: (outcome) => this.deps.onOutcome(projectId, outcome),
      });
      this.queues.set(key, queue);
    }
    return queue;
  }
}
