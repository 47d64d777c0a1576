import { useState } from 'react';
import type { Task } from '../../../../shared/domain/tasks';
import { Button } from '../../components/ui/Button';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { byPriority, stateLabels } from './columns';
import { withTask } from './state/board';

/**
 * The tasks this one waits for, as a checkbox list of the board's other tasks. Saved as a whole;
 * a cycle is refused by the backend with the cycle named, shown here.
 */
export function DependencyPicker({ task, all }: { task: Task; all: Readonly<Record<string, Task>> }) {
  const [chosen, setChosen] = useState<readonly string[]>(task.dependsOn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const others = Object.values(all)
    .filter((t) => t.id !== task.id && t.state !== 'cancelled')
    .sort(byPriority);
  const dirty = chosen.length !== task.dependsOn.length || chosen.some((id) => !task.dependsOn.includes(id));

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await withTask(api.tasks.setDependencies({ taskId: task.id, dependsOn: [...chosen] }));
      setChosen(saved.dependsOn);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (others.length === 0) return <p className="text-[12px] text-wb-muted">No other task to depend on yet.</p>;
  return (
    <fieldset className="flex min-w-0 flex-col gap-1 text-[12px]">
      <legend className="sr-only">Depends on</legend>
      <ul className="max-h-40 overflow-y-auto rounded-sm border border-wb-border p-1">
        {others.map((other) => (
          <li key={other.id}>
            <label className="flex items-center gap-2 rounded-sm px-1 py-0.5 hover:bg-wb-hover">
              <input
                type="checkbox"
                checked={chosen.includes(other.id)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, other.id] : chosen.filter((id) => id !== other.id))
                }
              />
              <span className="min-w-0 flex-1 truncate">{other.title}</span>
              <span className="text-[11px] text-wb-muted">{stateLabels[other.state]}</span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="text-wb-danger">
          {error}
        </p>
      )}
      <div>
        <Button disabled={!dirty || busy} onClick={() => void save()}>
          Save dependencies
        </Button>
      </div>
    </fieldset>
  );
}
