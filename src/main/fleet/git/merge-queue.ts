// Approved tasks land on the base branch one at a time, and only when their check is green.
import { join } from 'node:path';
import { dirtyEntries, nameList } from '../../agent/workspace/repo-queries';
import type { RunCheck } from './check-process';
import { reasonOf, type FleetErrorCode } from './errors';
import { requireMergeTree } from './git-version';
import type { LandingJournal, LandingRecord } from './landing-journal';
import {
  abortInProgress,
  addTemporaryWorktree,
  blockingChanges,
  casRef,
  checkedOutAt,
  fastForwardFiles,
  refCommit,
  removeTemporaryWorktree,
  samePath,
  updateOntoBase,
  type GitPlace,
  type Strategy,
} from './landing-steps';
import { listWorktrees, type WorktreeEntry } from './worktree-list';

export interface QueueEntry {
  readonly taskId: string;
  /** The task branch's short name, e.g. `weft/task-12`. */
  readonly branch: string;
  /** The task's worktree; null (or gone) and a temporary one is used. */
  readonly worktreePath: string | null;
}

export type ReviewReason =
  | 'conflict'
  | 'check_failed'
  | 'check_timed_out'
  | 'uncommitted_changes'
  | 'branch_missing'
  | 'base_missing'
  | 'failed';

export type LandingOutcome =
  | { kind: 'landed'; taskId: string; commit: string }
  | {
      kind: 'review';
      taskId: string;
      reason: ReviewReason;
      message: string;
      files: readonly string[];
      output: string;
      code?: FleetErrorCode;
    }
  /** The base branch is checked out with uncommitted changes in files the landing would change. */
  | { kind: 'waiting'; taskId: string; message: string; files: readonly string[] }
  /** Weft stopped mid-landing; `landed` says on which side of the base branch's swap. */
  | { kind: 'interrupted'; taskId: string; landed: boolean; baseCommit: string | null; message: string };

export interface MergeQueueOptions {
  readonly repo: string;
  readonly baseBranch: string;
  readonly strategy: Strategy;
  readonly runCheck: RunCheck;
  readonly journal: LandingJournal;
  /** Where temporary worktrees go (Weft's own folder, never inside the repository). */
  readonly scratchDir: string;
  readonly trusted?: boolean;
  readonly onOutcome?: (outcome: LandingOutcome) => void;
}

/** How often a landing starts over because the base branch moved under it before giving up. */
const MAX_ATTEMPTS = 3;

/**
 * The merge queue. Each entry: the task branch is rebased onto (or merged with) the base
 * branch in the task's worktree (or a temporary one, never the user's checkout), the check
 * runs there, and the base branch is fast-forwarded with a compare-and-swap `update-ref`, so
 * a base that moved under Weft is never overwritten (the landing starts over instead). When
 * the base is checked out in a worktree of the user, its files follow like `git merge
 * --ff-only` would, or the entry waits when the user has uncommitted changes in those files.
 * A conflict or a red check sends the task back to review; the queue goes on either way. A
 * waiting entry is not kept: its outcome says why, and the caller enqueues it again when the
 * user asks or the checkout is clean.
 */
export class MergeQueue {
  private readonly entries: QueueEntry[] = [];
  private pumping: Promise<void> | null = null;
  private recovery: Promise<LandingOutcome | null> | null = null;
  private readonly abort = new AbortController();
  private readonly place: GitPlace;

  constructor(private readonly options: MergeQueueOptions) {
    this.place = { repo: options.repo, trusted: options.trusted ?? false };
  }

  /** Task ids waiting to land, in order (the one landing now excluded). */
  queued(): string[] {
    return this.entries.map((e) => e.taskId);
  }

  enqueue(entry: QueueEntry): void {
    this.entries.push(entry);
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  /** Resolves once every queued entry has an outcome. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Settles a landing a killed Weft left behind (once); the queue does this itself before its first landing. */
  recover(): Promise<LandingOutcome | null> {
    this.recovery ??= (async () => {
      const record = this.options.journal.read();
      if (!record) return null;
      const outcome = await this.settle(record);
      this.options.onOutcome?.(outcome);
      return outcome;
    })();
    return this.recovery;
  }

  /** Stops a running check (its process group is killed); the landing ends as a failed check. */
  dispose(): void {
    this.abort.abort();
  }

  private async pump(): Promise<void> {
    try {
      await this.recover();
    } catch (error) {
      // Landing on top of an unsettled landing could lose track of it: the queue stops, each entry says why.
      this.recovery = null;
      const { message } = reasonOf(error, 'Settling the landing Weft was stopped in');
      for (let entry = this.entries.shift(); entry; entry = this.entries.shift())
        this.options.onOutcome?.(review(entry, 'failed', `${message} Nothing was landed; retry once this is fixed.`));
      return;
    }
    for (let entry = this.entries.shift(); entry; entry = this.entries.shift()) {
      const outcome = await this.land(entry);
      this.options.onOutcome?.(outcome);
    }
  }

  private async land(entry: QueueEntry): Promise<LandingOutcome> {
    try {
      await requireMergeTree(this.options.repo);
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.landOnce(entry);
        if (outcome !== 'base_moved') return outcome;
        if (attempt === MAX_ATTEMPTS)
          return review(
            entry,
            'failed',
            `The base branch kept moving while task ${entry.taskId} was landing; try again.`,
          );
      }
    } catch (error) {
      return this.failed(entry, error);
    }
  }

  /** Puts the state right the way a restart would, then reports what failed. */
  private async failed(entry: QueueEntry, error: unknown): Promise<LandingOutcome> {
    let cleanup = '';
    try {
      const record = this.options.journal.read();
      if (record?.taskId === entry.taskId) {
        const settled = await this.settle(record);
        if (settled.kind === 'interrupted' && settled.landed && settled.baseCommit)
          return { kind: 'landed', taskId: entry.taskId, commit: settled.baseCommit };
      }
    } catch (settleError) {
      cleanup = ` Cleaning up after it failed too: ${reasonOf(settleError, 'Cleaning up').message}`;
    }
    const { code, message } = reasonOf(error, `Landing task ${entry.taskId}`);
    return { ...review(entry, 'failed', message + cleanup), code };
  }

  private async landOnce(entry: QueueEntry): Promise<LandingOutcome | 'base_moved'> {
    const { baseBranch, journal, strategy } = this.options;
    const baseRef = `refs/heads/${baseBranch}`;
    const baseOld = await refCommit(this.place, baseRef);
    if (!baseOld)
      return review(entry, 'base_missing', `The base branch "${baseBranch}" no longer exists; nothing was changed.`);
    const taskTip = await refCommit(this.place, `refs/heads/${entry.branch}`);
    if (!taskTip)
      return review(entry, 'branch_missing', `The branch "${entry.branch}" of task ${entry.taskId} no longer exists.`);

    const worktrees = await listWorktrees(this.options.repo);
    const own = ownWorktree(entry, worktrees);
    if (own) {
      const dirty = await dirtyEntries(own);
      if (dirty.length) {
        const files = dirty.map((d) => d.path);
        return review(
          entry,
          'uncommitted_changes',
          `The task's worktree has uncommitted changes (${nameList(files)}); commit or discard them before it lands.`,
          files,
        );
      }
    }
    const workdir = own ?? join(this.options.scratchDir, `landing-${entry.taskId}`);
    let record: LandingRecord = {
      taskId: entry.taskId,
      branch: entry.branch,
      baseBranch,
      phase: 'updating',
      baseOld,
      taskTip,
      newCommit: null,
      workdir,
      temporary: own === null,
      checkout: checkedOutAt(worktrees, baseBranch),
    };
    const step = async (changes: Partial<LandingRecord>) => {
      record = { ...record, ...changes };
      await journal.write(record);
    };
    await step({});
    if (record.temporary) await addTemporaryWorktree(this.place, workdir, taskTip);

    const updated = await updateOntoBase(this.place, workdir, baseOld, strategy, `${baseBranch} into ${entry.branch}`);
    if (!updated.ok) {
      await this.finish(record);
      return review(
        entry,
        'conflict',
        `${updated.message} Conflicting files: ${nameList(updated.conflicts)}.`,
        updated.conflicts,
      );
    }
    await step({ phase: 'checking', newCommit: updated.commit });

    const check = await this.options.runCheck(workdir, this.abort.signal);
    if (!check.ok) {
      await this.finish(record);
      return {
        ...review(
          entry,
          check.timedOut ? 'check_timed_out' : 'check_failed',
          check.timedOut ? 'The check did not finish in time and was stopped.' : 'The check failed.',
        ),
        output: check.output,
      };
    }

    if (record.checkout) {
      const blocking = await blockingChanges(this.place, record.checkout, baseOld, updated.commit);
      if (blocking.length) {
        await this.finish(record);
        return waiting(entry, record.checkout, blocking);
      }
    }
    await step({ phase: 'moving' });
    const why = `weft: land task ${entry.taskId}`;
    if (!(await casRef(this.place, baseRef, updated.commit, baseOld, why))) {
      await this.finish(record);
      return 'base_moved';
    }
    if (record.checkout) {
      try {
        await fastForwardFiles(this.place, record.checkout, baseOld, updated.commit);
      } catch (error) {
        // The user changed a file in between: the base goes back (if nobody moved it since) and the entry waits.
        const restored = await casRef(this.place, baseRef, baseOld, updated.commit, `${why} (undone)`);
        await this.finish(record);
        if (!restored) throw error;
        return waiting(entry, record.checkout, [], reasonOf(error, 'Updating the checked-out files').message);
      }
    }
    await step({ phase: 'moved' });
    await this.finish(record);
    return { kind: 'landed', taskId: entry.taskId, commit: updated.commit };
  }

  /**
   * Ends a landing: a rebase or merge left half-done is aborted (the task branch back where it
   * was), a temporary worktree goes (after moving the task branch to what landed), the journal
   * is cleared. The same steps settle a landing a killed Weft left behind.
   */
  private async finish(record: LandingRecord): Promise<void> {
    const baseNow = await refCommit(this.place, `refs/heads/${record.baseBranch}`);
    const landed = record.newCommit !== null && baseNow === record.newCommit;
    await abortInProgress(this.place, record.workdir);
    if (record.temporary) {
      if (landed && record.newCommit)
        await casRef(this.place, `refs/heads/${record.branch}`, record.newCommit, record.taskTip, 'weft: task landed');
      await removeTemporaryWorktree(this.place, record.workdir);
    }
    await this.options.journal.clear();
  }

  private async settle(record: LandingRecord): Promise<LandingOutcome> {
    const baseNow = await refCommit(this.place, `refs/heads/${record.baseBranch}`);
    const landed = record.newCommit !== null && baseNow === record.newCommit && record.phase !== 'updating';
    let note = '';
    if (landed && record.checkout && record.phase === 'moving') {
      // Killed between the swap and the files: finish what `git merge --ff-only` would have done.
      try {
        await fastForwardFiles(this.place, record.checkout, record.baseOld, record.newCommit!);
      } catch (error) {
        const why = reasonOf(error, 'Updating them').message;
        note = ` The files checked out in ${record.checkout} still match the previous commit ${record.baseOld.slice(0, 10)} and could not be updated (${why}).`;
      }
    }
    await this.finish(record);
    const message = landed
      ? `Weft stopped while landing task ${record.taskId}; the base branch had already moved to ${record.newCommit!.slice(0, 10)}, so the task landed.${note}`
      : `Weft stopped while landing task ${record.taskId}; the base branch "${record.baseBranch}" was not changed${baseNow ? ` (${baseNow.slice(0, 10)})` : ''}.`;
    return { kind: 'interrupted', taskId: record.taskId, landed, baseCommit: baseNow, message };
  }
}

/** The task's own worktree when it still has the task branch checked out, else null. */
function ownWorktree(entry: QueueEntry, worktrees: readonly WorktreeEntry[]): string | null {
  const path = entry.worktreePath;
  if (!path) return null;
  const found = worktrees.find((w) => !w.prunable && samePath(w.path, path));
  return found?.branch === `refs/heads/${entry.branch}` ? path : null;
}

function review(
  entry: QueueEntry,
  reason: ReviewReason,
  message: string,
  files: readonly string[] = [],
): LandingOutcome & { kind: 'review' } {
  return { kind: 'review', taskId: entry.taskId, reason, message, files, output: '' };
}

function waiting(entry: QueueEntry, checkout: string, files: readonly string[], why?: string): LandingOutcome {
  const message = files.length
    ? `Waiting: ${checkout} has uncommitted changes in files this task changes (${nameList([...files])}). Commit or stash them, then retry.`
    : `Waiting: the files checked out in ${checkout} could not be updated (${why ?? 'they changed'}). Retry once they are committed or stashed.`;
  return { kind: 'waiting', taskId: entry.taskId, message, files };
}
