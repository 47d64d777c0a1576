import type { TaskEvent } from '../../../../shared/domain/tasks';
import { stateLabels } from './columns';

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The task's journal: each change of state and what the board did, oldest first. */
export function TaskJournal({ events }: { events: readonly TaskEvent[] }) {
  if (events.length === 0) return <p className="text-[12px] text-wb-muted">Nothing happened to this task yet.</p>;
  return (
    <ol aria-label="Task journal" className="flex flex-col gap-0.5 text-[12px]">
      {events.map((event) => {
        const message = typeof event.data.message === 'string' ? event.data.message : null;
        return (
          <li key={event.seq} className="flex gap-2">
            <span className="shrink-0 font-mono text-[11px] text-wb-muted">{time(event.at)}</span>
            <span className="min-w-0">
              {event.to && event.from !== event.to
                ? `${event.from ? `${stateLabels[event.from]} → ` : ''}${stateLabels[event.to]}`
                : event.type.replace(/_/g, ' ')}
              {message && <span className="block text-[11px] break-words text-wb-muted">{message}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
