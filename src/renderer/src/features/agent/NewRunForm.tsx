import { Play } from 'lucide-react';
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { formatKeybinding, isMacPlatform } from '../../lib/keybindings';
import { describeError } from '../../lib/errors';
import { useAgent, type StartInput } from './state/agent';
import { useModels } from '../models';
import { askForNotifications } from '../notifications';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';
import { openRun } from './open';
import { ErrorNote, inputClass } from './ui';

/** Asks the form to take the keyboard (from the palette's "New Run"). */
let focusTask: (() => void) | null = null;
export function requestNewRunFocus(): void {
  focusTask?.();
}

/** The task prompt and its options; Ctrl/Cmd+Enter starts the run and opens it. */
export function NewRunForm({ projectId }: { projectId: string }) {
  const fallback = useSettings((s) => s.settings.models.defaults.agent);
  const providers = useModels((s) => s.providers);
  const loaded = useModels((s) => s.loaded);
  const [task, setTask] = useState('');
  // '' is the agent purpose's default model from settings.
  const [providerId, setProviderId] = useState('');
  const [model, setModel] = useState('');
  const [maxSteps, setMaxSteps] = useState('');
  const [budget, setBudget] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const models = useModels((s) => (providerId ? s.models[providerId] : undefined));

  useEffect(() => {
    if (!loaded)
      void useModels
        .getState()
        .load()
        .catch(() => undefined);
  }, [loaded]);
  useEffect(() => {
    focusTask = () => document.getElementById('agent-task')?.focus();
    return () => {
      focusTask = null;
    };
  }, []);

  const steps = maxSteps.trim() === '' ? undefined : Number(maxSteps);
  const budgetUsd = budget.trim() === '' ? undefined : Number(budget);
  const invalid =
    (steps !== undefined && (!Number.isInteger(steps) || steps < 1 || steps > 500)) ||
    (budgetUsd !== undefined && (!Number.isFinite(budgetUsd) || budgetUsd < 0));
  const canStart = task.trim() !== '' && !busy && !invalid && (providerId ? model.trim() !== '' : fallback !== null);
  const fallbackName = fallback
    ? `${fallback.model} (${providers.find((p) => p.id === fallback.providerId)?.name ?? fallback.providerId})`
    : null;

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canStart) return;
    // A run may need approval later, perhaps with Weft in the background; this click may ask the browser.
    void askForNotifications();
    setBusy(true);
    setError(null);
    const input: StartInput = { task: task.trim() };
    if (providerId && model.trim()) input.model = { providerId, model: model.trim() };
    if (steps !== undefined) input.maxSteps = steps;
    if (budgetUsd !== undefined) input.budgetUsd = budgetUsd;
    try {
      const run = await useAgent.getState().start(projectId, input);
      setTask('');
      openRun(run.id);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  };
  const startKeys = formatKeybinding('Mod+Enter', isMacPlatform());

  return (
    <form aria-label="New agent run" className="flex flex-col gap-2 px-3" onSubmit={(e) => void start(e)}>
      <textarea
        id="agent-task"
        aria-label="Task"
        className={`${inputClass} min-h-20 resize-y`}
        rows={4}
        placeholder="What should the agent do? Describe the task, the files involved, and how to check it works."
        value={task}
        onChange={(e) => setTask(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="grid grid-cols-[4.5rem_1fr] items-center gap-x-2 gap-y-1.5 text-[12px]">
        <label htmlFor="agent-provider" className="text-wb-muted">
          Provider
        </label>
        <select
          id="agent-provider"
          aria-label="Provider"
          className={`${inputClass} min-w-0`}
          value={providerId}
          onChange={(e) => {
            const id = e.target.value;
            setProviderId(id);
            setModel(id && id === fallback?.providerId ? fallback.model : '');
            if (id && !useModels.getState().models[id]) void useModels.getState().test(id);
          }}
        >
          <option value="">Default for agents</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="agent-model" className="text-wb-muted">
          Model
        </label>
        <input
          id="agent-model"
          aria-label="Model"
          list="agent-models"
          className={`${inputClass} min-w-0 font-mono`}
          title={providerId ? undefined : (fallbackName ?? undefined)}
          placeholder={providerId ? 'Model name' : (fallbackName ?? 'none set')}
          disabled={!providerId}
          value={model}
          onChange={(e) => setModel(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <datalist id="agent-models">
          {(models ?? []).map((m) => (
            <option key={m.id} value={m.id} />
          ))}
        </datalist>
        <label htmlFor="agent-max-steps" className="text-wb-muted">
          Max steps
        </label>
        <input
          id="agent-max-steps"
          aria-label="Max steps"
          inputMode="numeric"
          className={`${inputClass} w-20`}
          placeholder="default"
          value={maxSteps}
          onChange={(e) => setMaxSteps(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <label htmlFor="agent-budget" className="text-wb-muted">
          Budget
        </label>
        <span className="flex items-center gap-1">
          <input
            id="agent-budget"
            aria-label="Budget in US dollars"
            inputMode="decimal"
            className={`${inputClass} w-20`}
            placeholder="none"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <span className="text-wb-muted">USD</span>
        </span>
      </div>
      {!fallback && !providerId && (
        <p className="text-[12px] text-wb-muted">
          No default model for agents yet: pick a provider here, or set one in{' '}
          <button
            type="button"
            className="text-wb-accent hover:underline"
            onClick={() => useWorkbench.getState().setEditorView('settings')}
          >
            Settings → Models
          </button>
          .
        </p>
      )}
      {invalid && (
        <p className="text-[12px] text-wb-danger">Max steps is a whole number from 1 to 500; the budget a sum ≥ 0.</p>
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={!canStart} title={`Start (${startKeys})`}>
          <Play size={13} aria-hidden /> {busy ? 'Starting…' : 'Start run'}
        </Button>
        <span className="text-[11px] text-wb-muted">{startKeys}</span>
      </div>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
