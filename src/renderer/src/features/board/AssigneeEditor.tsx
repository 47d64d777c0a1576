import { useEffect, useState } from 'react';
import type { Assignee, ApprovalPreset } from '../../../../shared/domain/tasks';
import type { ModelRef } from '../../../../shared/domain/models';
import { FormRow } from '../../components/ui/FormRow';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { useSettings } from '../../stores/settings';
import { useModels } from '../models';
import { inputClass } from './ui';

const presets: { value: ApprovalPreset; label: string }[] = [
  { value: 'ask', label: 'Ask before edits and commands' },
  { value: 'edits', label: 'Edit freely, ask before commands' },
  { value: 'auto', label: 'Run without asking (sandboxed)' },
];

/** An agent with the `agent` purpose's default model, or null when no default model is set. */
export function defaultAgent(model: ModelRef | null): Assignee | null {
  return model ? { kind: 'agent', model, approval: 'edits', maxSteps: 50, budgetUsd: null } : null;
}

/** The default agent profile from settings, for new tasks. */
export function useDefaultAgent(): Assignee | null {
  const model = useSettings((s) => s.settings.models.defaults.agent);
  return defaultAgent(model);
}

/**
 * Who works on a task: nobody yet, an agent profile (model, approval preset, step limit,
 * budget), or a workflow of the project with its inputs as JSON. Calls `onChange` with a valid
 * assignee, or with an error message while the fields do not make one.
 */
export function AssigneeEditor({
  projectId,
  value,
  onChange,
}: {
  projectId: string;
  value: Assignee | null;
  onChange: (next: Assignee | null, problem: string | null) => void;
}) {
  const providers = useModels((s) => s.providers);
  const loaded = useModels((s) => s.loaded);
  const fallback = useDefaultAgent();
  const [workflows, setWorkflows] = useState<string[] | null>(null);
  const [workflowError, setWorkflowError] = useState<string | null>(null);
  const [inputsText, setInputsText] = useState(() =>
    value?.kind === 'workflow' ? JSON.stringify(value.inputs, null, 2) : '{}',
  );

  useEffect(() => {
    if (!loaded)
      void useModels
        .getState()
        .load()
        .catch(() => undefined);
  }, [loaded]);
  useEffect(() => {
    if (value?.kind !== 'workflow' || workflows) return;
    api.workflow
      .list({ projectId })
      .then((list) => setWorkflows(list.map((w) => w.name)))
      .catch((e: unknown) => {
        setWorkflows([]);
        setWorkflowError(describeError(e).message);
      });
  }, [value?.kind, workflows, projectId]);

  const kind = value?.kind ?? 'none';
  const setKind = (next: string) => {
    if (next === 'none') onChange(null, null);
    else if (next === 'agent') {
      const agent = fallback ?? defaultAgent({ providerId: providers[0]?.id ?? 'none', model: '' });
      onChange(agent, fallback ? null : 'Choose a provider and model.');
    } else onChange({ kind: 'workflow', workflow: workflows?.[0] ?? '', inputs: {} }, null);
  };

  return (
    <div className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1.5 text-[12px]">
      <FormRow label="Assignee">
        {(field) => (
          <select {...field} className={inputClass} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="none">Nobody yet</option>
            <option value="agent">An agent</option>
            <option value="workflow">A workflow</option>
          </select>
        )}
      </FormRow>
      {value?.kind === 'agent' && (
        <>
          <FormRow label="Provider">
            {(field) => (
              <select
                {...field}
                className={inputClass}
                value={value.model.providerId}
                onChange={(e) => onChange({ ...value, model: { ...value.model, providerId: e.target.value } }, null)}
              >
                {!providers.some((p) => p.id === value.model.providerId) && (
                  <option value={value.model.providerId}>{value.model.providerId}</option>
                )}
                {providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </FormRow>
          <FormRow label="Model">
            {(field) => (
              <input
                {...field}
                className={inputClass}
                value={value.model.model}
                onChange={(e) => {
                  const model = e.target.value;
                  onChange({ ...value, model: { ...value.model, model } }, model.trim() ? null : 'Name a model.');
                }}
              />
            )}
          </FormRow>
          <FormRow label="Approvals">
            {(field) => (
              <select
                {...field}
                className={inputClass}
                value={value.approval}
                onChange={(e) => onChange({ ...value, approval: e.target.value as ApprovalPreset }, null)}
              >
                {presets.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            )}
          </FormRow>
          <FormRow label="Step limit">
            {(field) => (
              <input
                {...field}
                type="number"
                min={1}
                max={10000}
                className={inputClass}
                value={value.maxSteps}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  const ok = Number.isInteger(n) && n >= 1 && n <= 10_000;
                  onChange({ ...value, maxSteps: ok ? n : value.maxSteps }, ok ? null : 'Steps: 1 to 10000.');
                }}
              />
            )}
          </FormRow>
          <FormRow label="Budget (USD)" hint="Empty: only the board's budget applies.">
            {(field) => (
              <input
                {...field}
                type="number"
                min={0}
                step="0.01"
                className={inputClass}
                value={value.budgetUsd ?? ''}
                onChange={(e) => {
                  const text = e.target.value.trim();
                  const n = Number(text);
                  const ok = text === '' || (Number.isFinite(n) && n > 0);
                  onChange(
                    { ...value, budgetUsd: text === '' || !ok ? null : n },
                    ok ? null : 'A budget is a positive amount.',
                  );
                }}
              />
            )}
          </FormRow>
        </>
      )}
      {value?.kind === 'workflow' && (
        <>
          <FormRow label="Workflow" {...(workflowError ? { hint: workflowError } : {})}>
            {(field) => (
              <select
                {...field}
                className={inputClass}
                value={value.workflow}
                onChange={(e) => onChange({ ...value, workflow: e.target.value }, null)}
              >
                {value.workflow === '' && <option value="">Choose a workflow</option>}
                {(workflows ?? []).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </FormRow>
          <FormRow label="Inputs" hint='A JSON object, e.g. {"target": "src/"}.'>
            {(field) => (
              <textarea
                {...field}
                rows={3}
                className={`${inputClass} font-mono`}
                value={inputsText}
                onChange={(e) => {
                  setInputsText(e.target.value);
                  try {
                    const inputs = JSON.parse(e.target.value) as unknown;
                    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
                      return onChange(value, 'Inputs must be a JSON object.');
                    onChange({ ...value, inputs: inputs as Record<string, never> }, null);
                  } catch {
                    onChange(value, 'Inputs are not valid JSON yet.');
                  }
                }}
              />
            )}
          </FormRow>
        </>
      )}
    </div>
  );
}
