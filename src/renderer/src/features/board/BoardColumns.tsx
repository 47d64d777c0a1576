import { useMemo, useRef, useState, type DragEvent } from 'react';
import { moveTo, setPriority } from './actions';
import { columns, dropTarget, priorityAt, stateLabels, tasksIn, type Column } from './columns';
import { radarByTask } from './radar';
import { useBoard } from './state/board';
import { useRuns } from './state/runs';
import { TaskCard } from './TaskCard';

/** Where a drop at `clientY` lands among a column list's cards (the index before which it goes). */
function dropIndex(list: HTMLElement, clientY: number, dragged: string | null): number {
  const cards = [...list.querySelectorAll<HTMLElement>('[data-task-id]')].filter((c) => c.dataset.taskId !== dragged);
  const at = cards.findIndex((card) => {
    const box = card.getBoundingClientRect();
    return clientY < box.top + box.height / 2;
  });
  return at === -1 ? cards.length : at;
}

/** The board's columns, one per lifecycle state; cards drag within and between backlog and ready. */
export function BoardColumns() {
  const tasks = useBoard((s) => s.tasks);
  const radar = useBoard((s) => s.radar);
  const selected = useBoard((s) => s.selected);
  const runs = useRuns((s) => s.runs);
  const activity = useRuns((s) => s.activity);
  const all = useMemo(() => Object.values(tasks), [tasks]);
  const onRadar = useMemo(() => radarByTask(radar), [radar]);
  const dragged = useRef<string | null>(null);
  const [over, setOver] = useState<string | null>(null);

  const drop = (column: Column, event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(null);
    const id = event.dataTransfer.getData('text/x-weft-task') || dragged.current;
    dragged.current = null;
    const target = dropTarget(column);
    const task = id ? tasks[id] : undefined;
    if (!task || !target) return;
    const list = event.currentTarget.querySelector<HTMLElement>('ol');
    const state = target === 'ready' && task.state === 'blocked' ? 'blocked' : target;
    const others = tasksIn(all, state).filter((t) => t.id !== task.id);
    const priority = list ? priorityAt(others, dropIndex(list, event.clientY, task.id)) : task.priority;
    void (async () => {
      await moveTo(task, target);
      if (priority !== task.priority) await setPriority(task, priority);
    })();
  };

  return (
    <div className="flex min-h-0 flex-1 gap-2 overflow-x-auto p-2" data-testid="board-columns">
      {columns.map((column) => {
        const target = dropTarget(column);
        const count = column.states.reduce((n, s) => n + tasksIn(all, s).length, 0);
        return (
          <section
            key={column.id}
            aria-label={column.title}
            data-column={column.id}
            // Columns share the width; an empty one that takes no drop stays narrow, so Review stays in view.
            className={`flex flex-col rounded-sm border bg-wb-side ${
              count === 0 && !target ? 'w-32 shrink-0' : `min-w-44 flex-1 ${column.compact ? 'max-w-52' : 'max-w-72'}`
            } ${over === column.id ? 'border-wb-accent' : 'border-wb-border'}`}
            onDragOver={(event) => {
              if (!target) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== column.id) setOver(column.id);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
            }}
            onDrop={(event) => drop(column, event)}
          >
            <h3 className="flex items-center justify-between px-2 py-1.5 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">
              {column.title}
              <span className="font-normal">{count}</span>
            </h3>
            <div className="min-h-0 flex-1 overflow-y-auto px-1.5 pb-2">
              {column.states.map((state, i) => {
                const list = tasksIn(all, state);
                if (i > 0 && list.length === 0) return null;
                return (
                  <div key={state}>
                    {column.states.length > 1 && list.length > 0 ? (
                      <h4 className="px-0.5 pt-1 pb-0.5 text-[11px] text-wb-muted">{stateLabels[state]}</h4>
                    ) : null}
                    <ol aria-label={`${stateLabels[state]} tasks`} className="flex min-h-6 flex-col gap-1.5">
                      {list.map((task) => (
                        <TaskCard
                          key={task.id}
                          task={task}
                          all={tasks}
                          radar={onRadar.get(task.id)}
                          run={task.runId ? runs[task.runId] : undefined}
                          activity={task.runId ? activity[task.runId] : undefined}
                          selected={selected === task.id}
                          onSelect={() => useBoard.getState().select(task.id)}
                          onDragStart={() => (dragged.current = task.id)}
                        />
                      ))}
                    </ol>
                  </div>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
