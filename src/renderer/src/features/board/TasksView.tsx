import { ClipboardList, KanbanSquare } from 'lucide-react';
import { useMemo } from 'react';
import type { Task } from '../../../../shared/domain/tasks';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { useProjects } from '../../stores/projects';
import { requestBoardDialog } from './dialog-request';
import { boardSummary, byPriority } from './columns';
import { openBoard } from './open';
import { useBoard } from './state/board';
import { StateChip } from './ui';
import { useBoardProject } from './use-board-project';

function TaskRow({ task }: { task: Task }) {
  return (
    <li>
      <button
        type="button"
        className="flex w-full items-center gap-2 px-3 py-1 text-left text-[12px] hover:bg-wb-hover"
        onClick={() => {
          openBoard('columns');
          useBoard.getState().select(task.id);
        }}
      >
        <span className="min-w-0 flex-1 truncate">{task.title}</span>
        <StateChip state={task.state} interrupted={task.interrupted} />
      </button>
    </li>
  );
}

/** The Tasks side view: how the board is doing, what wants the user, and the way to the board. */
export function TasksView() {
  const project = useProjects((s) => s.current);
  useBoardProject();
  const tasks = useBoard((s) => s.tasks);
  const list = useMemo(() => Object.values(tasks).sort(byPriority), [tasks]);
  if (!project)
    return <EmptyState title="No folder opened">Open a git repository to plan tasks for agents.</EmptyState>;
  if (!project.isGitRepo)
    return (
      <EmptyState title="Not a git repository">
        Each task runs on its own branch in its own worktree, so the board needs a git repository.
      </EmptyState>
    );
  const wanting = list.filter((t) => t.state === 'review' || t.state === 'failed' || t.interrupted);
  const active = list.filter((t) => ['running', 'validating', 'merging'].includes(t.state));
  const summary = boardSummary(list);
  return (
    <div className="flex h-full flex-col gap-2 overflow-auto py-2" data-testid="tasks-view">
      <div className="flex flex-col gap-2 px-3">
        <Button variant="primary" onClick={() => openBoard('columns')}>
          <KanbanSquare size={14} aria-hidden /> Open task board
        </Button>
        <Button
          onClick={() => {
            openBoard('columns');
            // The board mounts on the next frame when its tab was not open.
            requestAnimationFrame(() => requestBoardDialog('checklist'));
          }}
        >
          <ClipboardList size={14} aria-hidden /> Paste a checklist
        </Button>
        <p className="text-[12px] text-wb-muted">
          {list.length === 0 ? 'No tasks yet.' : `${list.length} tasks${summary ? ` · ${summary}` : ''}`}
        </p>
      </div>
      {wanting.length > 0 && (
        <section aria-label="Needs you">
          <h3 className="px-3 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Needs you</h3>
          <ul>
            {wanting.map((t) => (
              <TaskRow key={t.id} task={t} />
            ))}
          </ul>
        </section>
      )}
      {active.length > 0 && (
        <section aria-label="Working">
          <h3 className="px-3 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Working</h3>
          <ul>
            {active.map((t) => (
              <TaskRow key={t.id} task={t} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
