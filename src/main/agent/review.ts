import type { RunView } from '../../shared/domain/agent';
import { WeftError } from '../../shared/ipc/errors';
import type { AgentRepo, RunRow } from './agent-repo';
import type { RunJournal } from './journal';
import type { RunWorkspacesPort } from './workspace-port';

type FinishAction = 'merge' | 'cherry_pick' | 'branch' | 'discard';

/** Reviewing a run: diffs between checkpoints, rollback and its undo, and how the run ends. */
export class RunReview {
  constructor(
    private readonly repo: AgentRepo,
    private readonly workspaces: RunWorkspacesPort,
    private readonly journal: (runId: string) => RunJournal,
    private readonly projectRoot: (projectId: string) => string,
    private readonly now: () => number,
  ) {}

  changes(row: RunRow, from: string | null, to: string | null) {
    const path = worktreeOf(row);
    return this.workspaces.changes({
      path,
      from: this.commitOf(row, from),
      to: to === null ? null : this.commitOf(row, to),
    });
  }

  fileVersions(row: RunRow, from: string | null, to: string | null, file: string) {
    const path = worktreeOf(row);
    return this.workspaces.fileVersions({
      path,
      from: this.commitOf(row, from),
      to: to === null ? null : this.commitOf(row, to),
      file,
    });
  }

  /** Moves the run back to a checkpoint (null: its start). Uncommitted work is checkpointed first. */
  async rollback(row: RunRow, checkpointId: string | null): Promise<RunView> {
    const path = worktreeOf(row);
    const to = this.commitOf(row, checkpointId);
    const { fromCommit } = await this.workspaces.rollback({ path, to });
    const journal = this.journal(row.id);
    const step = checkpointId === null ? 0 : this.repo.checkpoints(row.id).find((c) => c.id === checkpointId)!.step;
    journal.add({ kind: 'rollback', checkpointId, fromCommit, undone: false });
    journal.message({
      role: 'user',
      content: `[Weft: the user rolled the worktree back to ${step === 0 ? 'the start of the run' : `the checkpoint after step ${step}`}; changes made after it are gone from the files.]`,
    });
    return journal.update({});
  }

  /** Restores what the latest rollback moved away from. */
  async undoRollback(row: RunRow): Promise<RunView> {
    const path = worktreeOf(row);
    const journal = this.journal(row.id);
    const last = [...this.repo.entries(row.id)].reverse().find((e) => e.kind === 'rollback');
    if (!last || last.kind !== 'rollback' || last.undone)
      throw new WeftError('checkpoint_not_found', 'There is no rollback to undo.');
    await this.workspaces.undo({ path, to: last.fromCommit });
    journal.replace(last, { ...last, undone: true });
    journal.message({
      role: 'user',
      content: '[Weft: the user undid the rollback; the files are as they were before it.]',
    });
    return journal.update({});
  }

  async finish(row: RunRow, action: FinishAction, paths: readonly string[]): Promise<RunView> {
    if (row.review !== 'open')
      throw new WeftError(
        'invalid_input',
        `This run was already ${row.review === 'kept' ? 'kept as a branch' : row.review}.`,
      );
    const path = worktreeOf(row);
    const projectRoot = this.projectRoot(row.projectId);
    const journal = this.journal(row.id);
    // What the user sees in the worktree is what they review, committed or not.
    await this.workspaces.checkpoint({ path, message: 'Uncommitted changes at review' });
    switch (action) {
      case 'merge': {
        if (row.baseBranch === null)
          throw new WeftError(
            'invalid_input',
            'The run started from a detached HEAD, so there is no branch to merge into. Keep it as a branch instead.',
          );
        await this.workspaces.merge({ projectRoot, branch: row.branch, baseBranch: row.baseBranch });
        await this.workspaces.remove({ projectRoot, path, branch: row.branch });
        journal.add({
          kind: 'review',
          action,
          message: `Merged ${row.branch} into ${row.baseBranch ?? 'the current branch'}.`,
        });
        return journal.update({ review: 'merged', worktree: null });
      }
      case 'cherry_pick': {
        if (paths.length === 0) throw new WeftError('invalid_input', 'Choose at least one file to apply.');
        const { applied, conflicted } = await this.workspaces.cherryPick({
          projectRoot,
          path,
          baseCommit: row.baseCommit,
          files: paths,
        });
        const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
        journal.add({
          kind: 'review',
          action,
          message:
            `Applied ${plural(applied.length)} to your working tree as uncommitted changes: ${applied.join(', ')}.` +
            (conflicted.length > 0
              ? ` ${plural(conflicted.length)} had conflicts, marked in the files: ${conflicted.join(', ')}.`
              : ''),
        });
        return journal.update({});
      }
      case 'branch': {
        await this.workspaces.keepAsBranch({ projectRoot, path, branch: row.branch });
        journal.add({ kind: 'review', action, message: `Kept as the branch ${row.branch}; the worktree was removed.` });
        return journal.update({ review: 'kept', worktree: null });
      }
      case 'discard': {
        await this.workspaces.discard({ projectRoot, path, branch: row.branch });
        journal.add({ kind: 'review', action, message: `Discarded: ${row.branch} and its worktree were deleted.` });
        return journal.update({ review: 'discarded', worktree: null });
      }
    }
  }

  /** A checkpoint id to its commit; null is the commit the run started from. */
  private commitOf(row: RunRow, checkpointId: string | null): string {
    if (checkpointId === null) return row.baseCommit;
    const cp = this.repo.checkpoints(row.id).find((c) => c.id === checkpointId);
    if (!cp) throw new WeftError('checkpoint_not_found', 'That checkpoint is not part of this run.');
    return cp.commit;
  }
}

function worktreeOf(row: RunRow): string {
  if (row.worktree === null)
    throw new WeftError(
      'invalid_input',
      `This run’s worktree is gone: the run was ${row.review === 'kept' ? 'kept as a branch' : row.review}.`,
    );
  return row.worktree;
}
