import { FileDiff, GitCommitHorizontal, History, Undo2 } from 'lucide-react';
import { useState } from 'react';
import type { ChangedFile, RunEntry, RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { describeError } from '../../lib/errors';
import { isLive, useAgent } from './state/agent';
import { openReview } from './open';
import { ErrorNote } from './ui';

type CheckpointEntry = Extract<RunEntry, { kind: 'checkpoint' }>;
type RollbackEntry = Extract<RunEntry, { kind: 'rollback' }>;
type Failure = { title: string; message: string };

const statusLetter: Record<ChangedFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };

/** One changed file with its letter and line counts. */
export function FileChangeLine({ file }: { file: ChangedFile }) {
  return (
    <span className="flex min-w-0 items-center gap-2 font-mono text-[12px]">
      <span className="w-3 shrink-0 text-wb-muted" title={file.status}>
        {statusLetter[file.status]}
      </span>
      <span className="min-w-0 truncate" title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}>
        {file.path}
      </span>
      {file.binary ? (
        <span className="shrink-0 text-wb-muted">binary</span>
      ) : (
        <span className="shrink-0 tabular-nums">
          <span className="text-emerald-600 dark:text-emerald-400">+{file.additions}</span>{' '}
          <span className="text-wb-danger">−{file.deletions}</span>
        </span>
      )}
    </span>
  );
}

/** Why the worktree cannot be moved now, or null when it can. */
export function rollbackBlocked(run: RunView): string | null {
  if (isLive(run)) return 'Stop the run first: it is still working.';
  if (run.review !== 'open') return 'The run’s review is finished; its branch can no longer be moved.';
  return null;
}

/**
 * A checkpoint: the commit made after a step that changed files, with a diff and a way back.
 * `previous` is the checkpoint before it (null: the run's start), the other side of its diff.
 */
export function CheckpointCard({
  run,
  entry,
  previous,
}: {
  run: RunView;
  entry: CheckpointEntry;
  previous: string | null;
}) {
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = rollbackBlocked(run);
  const rollback = async (to: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await useAgent.getState().rollback(run.id, to);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const added = entry.files.reduce((n, f) => n + f.additions, 0);
  const removed = entry.files.reduce((n, f) => n + f.deletions, 0);
  return (
    <div
      role="group"
      aria-label={`Checkpoint after step ${entry.step}`}
      className="flex flex-col gap-1.5 rounded-sm border border-wb-border p-2 text-[12px]"
    >
      <div className="flex items-center gap-2">
        <GitCommitHorizontal size={15} className="shrink-0 text-wb-accent" aria-hidden />
        <span className="font-semibold">Checkpoint · step {entry.step}</span>
        <span className="font-mono text-wb-muted">{entry.commit.slice(0, 7)}</span>
        <span className="min-w-0 flex-1 truncate text-wb-muted" title={entry.message}>
          {entry.message}
        </span>
        <span className="shrink-0 tabular-nums" title={`${entry.files.length} files changed`}>
          {entry.files.length} {entry.files.length === 1 ? 'file' : 'files'}{' '}
          <span className="text-emerald-600 dark:text-emerald-400">+{added}</span>{' '}
          <span className="text-wb-danger">−{removed}</span>
        </span>
      </div>
      <ul aria-label={`Files changed in step ${entry.step}`} className="flex flex-col gap-0.5 pl-6">
        {entry.files.slice(0, 12).map((f) => (
          <li key={f.path}>
            <FileChangeLine file={f} />
          </li>
        ))}
        {entry.files.length > 12 && <li className="text-wb-muted">and {entry.files.length - 12} more</li>}
      </ul>
      <div className="flex gap-2 pl-6">
        <Button onClick={() => openReview(run.id, { from: previous, to: entry.checkpointId })}>
          <FileDiff size={13} aria-hidden /> View diff
        </Button>
        <Button
          disabled={busy || blocked !== null}
          title={blocked ?? 'Puts the files back as they were right after this step'}
          onClick={() => void rollback(entry.checkpointId)}
        >
          <History size={13} aria-hidden /> Roll back to here
        </Button>
        <Button
          disabled={busy || blocked !== null}
          title={blocked ?? 'Puts the files back as they were before this step'}
          onClick={() => void rollback(previous)}
        >
          <Undo2 size={13} aria-hidden /> Roll back to before this step
        </Button>
      </div>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/** A rollback: where the branch went, and (for the latest one) a way to undo it. */
export function RollbackCard({
  run,
  entry,
  target,
  latest,
}: {
  run: RunView;
  entry: RollbackEntry;
  /** The step of the checkpoint rolled back to, or null for the start. */
  target: number | null;
  latest: boolean;
}) {
  const [error, setError] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const blocked = rollbackBlocked(run);
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      await useAgent.getState().undoRollback(run.id);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      role="group"
      aria-label="Rollback"
      className="flex flex-col gap-1.5 rounded-sm border border-dashed border-wb-border p-2 text-[12px]"
    >
      <div className="flex items-center gap-2">
        <History size={15} className="shrink-0 text-amber-600 dark:text-amber-400" aria-hidden />
        <span className={entry.undone ? 'text-wb-muted line-through' : 'font-semibold'}>
          {entry.checkpointId === null ? 'Rolled back to the start of the run' : `Rolled back to step ${target ?? '?'}`}
        </span>
        {entry.undone && <span className="text-wb-muted">Undone</span>}
        <span className="ml-auto font-mono text-wb-muted" title="The commit before the rollback">
          was {entry.fromCommit.slice(0, 7)}
        </span>
      </div>
      {latest && !entry.undone && (
        <div className="pl-6">
          <Button disabled={busy || blocked !== null} title={blocked ?? undefined} onClick={() => void undo()}>
            <Undo2 size={13} aria-hidden /> Undo rollback
          </Button>
        </div>
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
