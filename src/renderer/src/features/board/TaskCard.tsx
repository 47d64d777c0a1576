import * as Menu from '@radix-ui/react-dropdown-menu';
import { FileText, GitMerge, Link2, MoreHorizontal, TriangleAlert, Wrench } from 'lucide-react';
import type { KeyboardEvent } from 'react';
import type { RunView } from '../../../../shared/domain/agent';
import type { Task } from '../../../../shared/domain/tasks';
import { formatUsd } from '../../../../shared/money';
import { approveTask, cancelTask, moveTo, retryTask, setPriority } from './actions';
import { openDependencies } from './columns';
import { BASE, type TaskRadar } from './radar';
import type { RunActivity } from './state/runs';
import { Chip, StateChip } from './ui';

const menuItem =
  'flex cursor-default items-center rounded-sm px-2 py-1 text-[12px] outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-wb-hover';

/** Token counts as people read them: 950, 12.3k. */
function tokens(n: number): string {
  return n < 1000 ? String(n) : `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
}

export interface CardProps {
  task: Task;
  all: Readonly<Record<string, Task>>;
  radar: TaskRadar | undefined;
  run: RunView | undefined;
  activity: RunActivity | undefined;
  selected: boolean;
  onSelect: () => void;
  onDragStart: () => void;
}

/**
 * One task on the board. The title button opens the detail; Alt+↑/↓ raise or lower its priority,
 * the ⋯ menu does the same and moves it between backlog and queue, so nothing needs a mouse drag.
 */
export function TaskCard({ task, all, radar, run, activity, selected, onSelect, onDragStart }: CardProps) {
  const waitingOn = task.state === 'blocked' ? openDependencies(task, all) : [];
  const movable = ['backlog', 'ready', 'blocked'].includes(task.state);
  const name = (id: string) => (id === BASE ? 'the base branch' : (all[id]?.title ?? id));
  const conflicts = radar?.conflictsWith ?? [];
  const overlaps = radar?.overlapsWith ?? [];
  const cost = run?.costUsd ?? task.costUsd;

  const onKeyDown = (event: KeyboardEvent) => {
    if (!event.altKey || !movable) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      void setPriority(task, task.priority + (event.key === 'ArrowUp' ? -1 : 1));
    }
  };

  return (
    <li
      draggable={movable}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/x-weft-task', task.id);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      data-task-id={task.id}
      data-testid="task-card"
      aria-label={task.title}
      className={`group rounded-sm border bg-wb-bg p-2 text-[12px] shadow-sm ${
        selected ? 'border-wb-accent' : 'border-wb-border'
      } ${movable ? 'cursor-grab' : ''}`}
    >
      <div className="flex items-start gap-1">
        <button
          type="button"
          className="min-w-0 flex-1 text-left font-medium break-words hover:underline focus-visible:underline"
          aria-describedby={`task-meta-${task.id}`}
          aria-keyshortcuts={movable ? 'Alt+ArrowUp Alt+ArrowDown' : undefined}
          onClick={onSelect}
          onKeyDown={onKeyDown}
        >
          {task.title}
        </button>
        <CardMenu task={task} movable={movable} onSelect={onSelect} />
      </div>
      <div id={`task-meta-${task.id}`} className="mt-1 flex flex-wrap items-center gap-1">
        <StateChip state={task.state} interrupted={task.interrupted} />
        <Chip title={`Priority ${task.priority} (1 is the most urgent)`}>P{task.priority}</Chip>
        {conflicts.length > 0 && (
          <span data-testid="conflict-badge" className="max-w-full min-w-0">
            <Chip tone="error" title={`Conflicts with ${conflicts.map(name).join(', ')}`}>
              <TriangleAlert size={10} aria-hidden />
              <span className="truncate">
                {`Conflicts with ${conflicts.length === 1 ? name(conflicts[0]!) : `${conflicts.length} others`}`}
              </span>
            </Chip>
          </span>
        )}
        {conflicts.length === 0 && overlaps.length > 0 && (
          <span data-testid="overlap-badge" className="max-w-full min-w-0">
            <Chip tone="warn" title={`Changes the same files as ${overlaps.map(name).join(', ')}`}>
              <span className="truncate">
                Same files as {overlaps.length === 1 ? name(overlaps[0]!) : `${overlaps.length} others`}
              </span>
            </Chip>
          </span>
        )}
        {task.dependsOn.length > 0 && (
          <Chip title={`Depends on ${task.dependsOn.map(name).join(', ')}`}>
            <Link2 size={10} aria-hidden />
            {waitingOn.length > 0 ? `waits on ${waitingOn.length}` : `${task.dependsOn.length} dep.`}
          </Chip>
        )}
        {task.stackedOn && (
          <Chip title={`Started on the branch of ${name(task.stackedOn)}`}>
            <GitMerge size={10} aria-hidden />
            stacked
          </Chip>
        )}
      </div>
      {task.assignee === null && task.state === 'backlog' && (
        <div className="mt-1 text-[11px] text-wb-muted">No agent assigned yet</div>
      )}
      {activity?.lastTool && ['running', 'validating'].includes(task.state) && (
        <div
          className="mt-1 flex items-center gap-1 truncate text-[11px] text-wb-muted"
          title={activity.lastTool.detail}
        >
          <Wrench size={10} aria-hidden className="shrink-0" />
          <span className="truncate">
            {activity.lastTool.tool}
            {activity.lastTool.detail && ` ${activity.lastTool.detail}`}
          </span>
        </div>
      )}
      {(run || cost !== null || (activity?.files.length ?? 0) > 0) && (
        <div className="mt-1 flex flex-wrap gap-x-2 text-[11px] text-wb-muted">
          {run && <span title="Tokens in / out">{`${tokens(run.inputTokens)} / ${tokens(run.outputTokens)} tok`}</span>}
          {cost !== null && <span>{formatUsd(cost)}</span>}
          {activity && activity.files.length > 0 && (
            <span className="flex items-center gap-0.5" title={activity.files.join('\n')}>
              <FileText size={10} aria-hidden />
              {activity.files.length} {activity.files.length === 1 ? 'file' : 'files'}
            </span>
          )}
        </div>
      )}
      {task.failure && task.state === 'failed' && (
        <div className="mt-1 line-clamp-2 text-[11px] text-wb-danger">{task.failure.message}</div>
      )}
    </li>
  );
}

function CardMenu({ task, movable, onSelect }: { task: Task; movable: boolean; onSelect: () => void }) {
  const queued = task.state === 'ready' || task.state === 'blocked';
  return (
    <Menu.Root>
      <Menu.Trigger
        aria-label={`Actions for ${task.title}`}
        className="shrink-0 rounded-sm p-0.5 text-wb-muted hover:bg-wb-hover hover:text-wb-fg"
      >
        <MoreHorizontal size={14} aria-hidden />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          className="z-50 min-w-44 rounded-sm border border-wb-border bg-wb-side p-1 text-wb-fg shadow-lg"
        >
          <Menu.Item className={menuItem} onSelect={onSelect}>
            Open details
          </Menu.Item>
          {movable && (
            <>
              <Menu.Item
                className={menuItem}
                disabled={task.priority <= 1}
                onSelect={() => void setPriority(task, task.priority - 1)}
              >
                Raise priority (Alt+↑)
              </Menu.Item>
              <Menu.Item
                className={menuItem}
                disabled={task.priority >= 5}
                onSelect={() => void setPriority(task, task.priority + 1)}
              >
                Lower priority (Alt+↓)
              </Menu.Item>
              <Menu.Item className={menuItem} onSelect={() => void moveTo(task, queued ? 'backlog' : 'ready')}>
                {queued ? 'Move to backlog' : 'Queue (move to Ready)'}
              </Menu.Item>
            </>
          )}
          {task.state === 'review' && (
            <Menu.Item className={menuItem} onSelect={() => void approveTask(task)}>
              Approve (merge queue)
            </Menu.Item>
          )}
          {task.state === 'failed' && (
            <Menu.Item className={menuItem} onSelect={() => void retryTask(task)}>
              Retry
            </Menu.Item>
          )}
          {!['done', 'cancelled'].includes(task.state) && (
            <Menu.Item className={`${menuItem} text-wb-danger`} onSelect={() => void cancelTask(task)}>
              Cancel task
            </Menu.Item>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
