import { Pause, Play, RotateCw, Square, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { FormRow } from '../../components/ui/FormRow';
import { useNotices } from '../../stores/notifications';
import { useWorkflowRuns } from './state/workflow-runs';
import { inputClass } from './FieldInput';
import { formatCost, formatDuration, formatTokens } from './run-summary';
import { isLive, runStatusStyle } from './status-style';
import { useNow } from './use-now';

interface InputSpec {
  type?: string;
  description?: string;
  default?: unknown;
}

/** Asks for the workflow's inputs before a run; defaults filled in. */
export function RunDialog({
  inputs,
  onStart,
  onClose,
}: {
  inputs: Record<string, InputSpec>;
  onStart(values: Record<string, unknown>): void;
  onClose(): void;
}) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(inputs).map(([k, spec]) => [
        k,
        spec.default === undefined
          ? ''
          : typeof spec.default === 'string'
            ? spec.default
            : JSON.stringify(spec.default),
      ]),
    ),
  );
  return (
    <Dialog
      title="Run workflow"
      description="Start a run with these inputs."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit">
            <Play size={13} aria-hidden /> Start run
          </Button>
        </>
      }
      onClose={onClose}
      onSubmit={(e) => {
        e.preventDefault();
        // Values go as typed; main converts them to each input's type and says which one is wrong.
        onStart(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')));
      }}
    >
      {Object.entries(inputs).map(([key, spec]) => (
        <FormRow
          key={key}
          layout="stacked"
          label={
            <span className="font-mono">
              {key} <span className="text-wb-muted">({spec.type ?? 'string'})</span>
            </span>
          }
          hint={spec.description || undefined}
        >
          {(field) => (
            <textarea
              {...field}
              rows={key === 'task' ? 3 : 1}
              value={values[key] ?? ''}
              onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              className={`${inputClass} resize-y`}
            />
          )}
        </FormRow>
      ))}
    </Dialog>
  );
}

/** The strip over the canvas while a run is shown: state, time, tokens, cost, and what can be done. */
export function RunStrip({ runId, onRerun, onHide }: { runId: string; onRerun(): void; onHide(): void }) {
  const run = useWorkflowRuns((s) => s.details[runId]?.run);
  const live = run ? isLive(run.status) : false;
  const now = useNow(live);
  if (!run) return null;
  const style = runStatusStyle[run.status];
  const Icon = style.icon;
  const elapsed = (run.finishedAt ?? now) - run.createdAt;
  const act = (action: 'cancel' | 'pause' | 'resume') =>
    useWorkflowRuns.getState().act(runId, action).catch(useNotices.getState().error);
  return (
    <div
      role="status"
      aria-label="Run status"
      className="flex h-9 shrink-0 items-center gap-3 border-b border-wb-border bg-wb-panel px-3 text-[12px]"
    >
      <span className={`flex items-center gap-1.5 font-medium ${style.text}`} data-testid="run-status">
        <Icon size={14} className={run.status === 'running' ? 'animate-spin' : ''} aria-hidden />
        {style.label}
      </span>
      <span className="font-mono text-[11px] text-wb-muted">{run.id}</span>
      <span>{formatDuration(elapsed)}</span>
      {run.counts && (
        <span className="text-wb-muted">
          {run.counts.completed}/{run.counts.total} steps
        </span>
      )}
      {run.inputTokens + run.outputTokens > 0 && (
        <span className="text-wb-muted">
          {formatTokens(run.inputTokens + run.outputTokens)} tokens · {formatCost(run.costUsd)}
        </span>
      )}
      {run.error && <span className="truncate text-wb-danger">{run.error.message}</span>}
      <div className="ml-auto flex items-center gap-1">
        {run.status === 'running' && (
          <Button variant="ghost" onClick={() => void act('pause')}>
            <Pause size={13} /> Pause
          </Button>
        )}
        {live && (
          <Button variant="ghost" onClick={() => void act('cancel')}>
            <Square size={13} /> Cancel
          </Button>
        )}
        {(run.status === 'paused' || (!live && run.status !== 'completed')) && (
          <Button variant="ghost" onClick={() => void act('resume')} title="Run the steps that did not complete">
            <Play size={13} /> Resume
          </Button>
        )}
        {!live && (
          <Button variant="ghost" onClick={onRerun} title="Start a new run of the saved workflow">
            <RotateCw size={13} /> Re-run
          </Button>
        )}
        <button
          type="button"
          aria-label="Hide run"
          title="Hide run"
          className="p-1 text-wb-muted hover:text-wb-fg"
          onClick={onHide}
        >
          <X size={14} />
        </button>
      </div>
    </div>
  );
}
