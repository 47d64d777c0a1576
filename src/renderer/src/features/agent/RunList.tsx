import { GitBranch, GitMerge, Trash2, Workflow } from 'lucide-react';
import { EmptyState } from '../../components/ui/EmptyState';
import { useAgent } from './state/agent';
import { useEditor } from '../../stores/editor';
import { formatAge, formatCost, taskTitle } from './format';
import { openRun } from './open';
import { ErrorNote, Loading, StatusBadge, useNow } from './ui';

const reviewIcons = { merged: GitMerge, kept: GitBranch, discarded: Trash2, workflow: Workflow } as const;
const reviewWords = {
  merged: 'Merged',
  kept: 'Kept as a branch',
  discarded: 'Discarded',
  workflow: 'A workflow step',
} as const;

/** The project's runs, newest first: status, task, age and cost; a click opens the run. */
export function RunList() {
  const runs = useAgent((s) => s.runs);
  const state = useAgent((s) => s.listState);
  const error = useAgent((s) => s.listError);
  const active = useEditor((s) => s.active);
  const now = useNow();

  if (state === 'loading') return <Loading>Loading runs…</Loading>;
  if (state === 'error' && error)
    return (
      <div className="px-3">
        <ErrorNote error={error} />
      </div>
    );
  if (runs.length === 0)
    return (
      <div className="h-28">
        <EmptyState title="No runs yet">
          Describe a task above. The agent works on its own branch; you review and merge its changes.
        </EmptyState>
      </div>
    );
  return (
    <ul aria-label="Agent runs" className="flex flex-col">
      {runs.map((run) => {
        const ReviewIcon = run.review === 'open' ? null : reviewIcons[run.review];
        const selected = active === `run:${run.id}`;
        return (
          <li key={run.id} aria-label={taskTitle(run.task)}>
            <button
              type="button"
              aria-current={selected ? 'true' : undefined}
              onClick={() => openRun(run.id)}
              className={`flex w-full flex-col gap-1 px-3 py-1.5 text-left hover:bg-wb-hover ${selected ? 'bg-wb-hover' : ''}`}
            >
              <span className="line-clamp-2 text-[13px] break-words" title={run.task}>
                {taskTitle(run.task, 120)}
              </span>
              <span className="flex items-center gap-2 text-[11px] text-wb-muted">
                <StatusBadge status={run.status} />
                {ReviewIcon && (
                  <span title={reviewWords[run.review as keyof typeof reviewWords]} className="flex items-center">
                    <ReviewIcon size={12} aria-label={reviewWords[run.review as keyof typeof reviewWords]} />
                  </span>
                )}
                <span>{formatAge(run.createdAt, now)}</span>
                <span className="ml-auto font-mono">{formatCost(run.costUsd)}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
