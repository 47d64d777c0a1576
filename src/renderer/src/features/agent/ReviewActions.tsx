import { FileCheck2, GitBranch, GitMerge, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { describeError } from '../../lib/errors';
import { isLive, useAgent } from './state/agent';
import { useNotices } from '../../stores/notifications';
import { ErrorNote } from './ui';

type Action = 'merge' | 'cherry_pick' | 'branch' | 'discard';

const done: Record<Exclude<Action, 'cherry_pick'>, (run: RunView) => string> = {
  merge: (run) => `Merged ${run.branch} into ${run.baseBranch ?? 'the base branch'}.`,
  branch: (run) => `Kept as branch ${run.branch}.`,
  discard: (run) => `Discarded ${run.branch}.`,
};

const finished: Record<Exclude<RunView['review'], 'open'>, (run: RunView) => string> = {
  merged: (run) => `This run was merged into ${run.baseBranch ?? 'its base branch'}.`,
  kept: (run) => `This run is kept as branch ${run.branch}; merge it with git when you are ready.`,
  discarded: () => 'This run was discarded: its branch and worktree are gone.',
  workflow: (run) =>
    `This run is a step of a workflow run on ${run.branch}; review the workflow run’s changes instead.`,
};

/** Ends the review: merge, apply the selected files, keep the branch, or discard it (after a confirm). */
export function ReviewActions({
  run,
  selected,
  outcome,
}: {
  run: RunView;
  /** What the latest review action reported (e.g. which files applied, which conflicted). */
  outcome: string | null;
  /** The checked files, or null when the view shows one step (files are picked among all changes). */
  selected: readonly string[] | null;
}) {
  const notices = useNotices();
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The backend's refusals (merge_conflict, uncommitted_changes, unmerged_changes) say what to do next.
  const [error, setError] = useState<{ title: string; message: string } | null>(null);

  if (run.review !== 'open') {
    return (
      <div role="status" className="shrink-0 border-t border-wb-border bg-wb-side px-4 py-2 text-[12px]">
        {outcome ?? finished[run.review](run)}
      </div>
    );
  }

  const live = isLive(run);
  const act = async (action: Action) => {
    setConfirming(false);
    setBusy(action);
    setError(null);
    try {
      const after = await useAgent
        .getState()
        .finish(run.id, action, action === 'cherry_pick' ? [...(selected ?? [])] : undefined);
      // Applying files reports per file in the status line; the other outcomes end the review.
      if (action !== 'cherry_pick') notices.push('info', 'Review finished', done[action](after));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };
  const disabled = busy !== null || live;
  const liveTitle = live ? 'The run is still working; stop it or wait before finishing the review.' : undefined;

  return (
    <div className="flex shrink-0 flex-col gap-2 border-t border-wb-border bg-wb-side px-4 py-2">
      {live && (
        <p className="text-[12px] text-wb-muted">
          The run is still working. Stop it, or wait for it to finish, before you merge, keep or discard it.
        </p>
      )}
      {outcome && !error && (
        <p role="status" className="text-[12px]">
          {outcome}
        </p>
      )}
      {error && <ErrorNote error={error} />}
      <div role="toolbar" aria-label="Finish the review" className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          disabled={disabled || run.baseBranch === null}
          title={
            liveTitle ??
            (run.baseBranch === null ? 'The run started on a detached HEAD: keep it as a branch.' : undefined)
          }
          onClick={() => void act('merge')}
        >
          <GitMerge size={13} aria-hidden />
          {busy === 'merge' ? 'Merging…' : `Merge into ${run.baseBranch ?? 'base branch'}`}
        </Button>
        <Button
          disabled={disabled || !selected?.length}
          title={
            liveTitle ??
            (selected
              ? 'Copies the run’s version of the checked files into your working tree'
              : 'Show all changes to pick the files to apply')
          }
          onClick={() => void act('cherry_pick')}
        >
          <FileCheck2 size={13} aria-hidden />
          {busy === 'cherry_pick'
            ? 'Applying…'
            : selected
              ? `Apply ${selected.length} selected ${selected.length === 1 ? 'file' : 'files'}`
              : 'Apply selected files'}
        </Button>
        <Button disabled={disabled} title={liveTitle} onClick={() => void act('branch')}>
          <GitBranch size={13} aria-hidden /> Keep as branch
        </Button>
        <Button className="ml-auto" disabled={disabled} title={liveTitle} onClick={() => setConfirming(true)}>
          <Trash2 size={13} aria-hidden /> Discard…
        </Button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Discard this run?"
          confirmLabel="Discard run"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act('discard')}
        >
          This deletes the branch <span className="font-mono">{run.branch}</span> and the run’s worktree. Changes that
          were not merged or applied are lost. Your own branch and working tree are not touched.
        </ConfirmDialog>
      )}
    </div>
  );
}
