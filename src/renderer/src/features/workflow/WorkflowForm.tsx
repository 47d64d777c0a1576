import { Plus, Trash2 } from 'lucide-react';
import type { ValidationIssueView } from '../../../../shared/domain/workflow';
import { useWorkflowBuilder } from './state/workflow-builder';
import { FieldInput, inputClass, Row } from './FieldInput';
import type { LooseDefinition } from './model';

interface InputSpec {
  type?: string;
  description?: string;
  default?: unknown;
}

/** A default typed as text, stored as the input's type says (a number as a number). */
function typedDefault(text: string, type: string | undefined): unknown {
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (type === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

const problemsFor = (issues: readonly ValidationIssueView[], field: string) =>
  issues
    .filter((i) => i.node === null && (i.field === field || i.field?.startsWith(`${field}.`)))
    .map((i) => i.message);

/** The workflow's own settings, shown when nothing is selected: title, inputs, outputs, concurrency. */
export function WorkflowForm({ name, definition }: { name: string; definition: LooseDefinition }) {
  const update = (patch: Record<string, unknown>) => useWorkflowBuilder.getState().updateWorkflow(name, patch);
  const issues = useWorkflowBuilder((s) => s.docs[name]?.issues ?? []);
  const inputs = (definition.inputs ?? {}) as Record<string, InputSpec>;
  const setInputs = (next: Record<string, InputSpec>) => update({ inputs: next });
  const renameInput = (from: string, to: string) => {
    if (to === from || to === '' || inputs[to] !== undefined) return;
    setInputs(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k === from ? to : k, v])));
  };

  return (
    <form aria-label="Workflow settings" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <FieldInput
        field={{ key: 'name', label: 'Title', type: 'text', placeholder: name }}
        value={definition.name}
        onChange={(v) => update({ name: v })}
        problems={problemsFor(issues, 'name')}
      />
      <FieldInput
        field={{ key: 'description', label: 'Description', type: 'textarea' }}
        value={definition.description}
        onChange={(v) => update({ description: v })}
        problems={[]}
      />
      <FieldInput
        field={{
          key: 'concurrency',
          label: 'Steps at once',
          type: 'number',
          min: 1,
          max: 64,
          help: 'How many steps may run in parallel (default 4).',
        }}
        value={definition.concurrency}
        onChange={(v) => update({ concurrency: v })}
        problems={problemsFor(issues, 'concurrency')}
      />
      <Row
        label="Inputs"
        help="Given when the run starts; read them as {{inputs.name}}."
        problems={problemsFor(issues, 'inputs')}
      >
        <div className="flex flex-col gap-2">
          {Object.entries(inputs).map(([key, spec]) => (
            <fieldset
              key={key}
              aria-label={`Input ${key}`}
              className="flex flex-col gap-1 rounded-sm border border-wb-border p-2"
            >
              <div className="flex gap-1">
                <input
                  aria-label="Input name"
                  defaultValue={key}
                  onBlur={(e) => renameInput(key, e.target.value)}
                  className={`${inputClass} font-mono`}
                />
                <select
                  aria-label="Input type"
                  value={spec.type ?? 'string'}
                  onChange={(e) => setInputs({ ...inputs, [key]: { ...spec, type: e.target.value } })}
                  className={`${inputClass} w-28`}
                >
                  {['string', 'number', 'boolean', 'json'].map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
                <button
                  type="button"
                  aria-label={`Remove input ${key}`}
                  className="px-1 text-wb-muted hover:text-wb-danger"
                  onClick={() => {
                    const { [key]: _gone, ...rest } = inputs;
                    setInputs(rest);
                  }}
                >
                  <Trash2 size={13} />
                </button>
              </div>
              <input
                aria-label="Input description"
                placeholder="description"
                value={spec.description ?? ''}
                onChange={(e) => setInputs({ ...inputs, [key]: { ...spec, description: e.target.value || undefined } })}
                className={inputClass}
              />
              <input
                aria-label="Input default"
                placeholder="default (empty: required)"
                value={
                  spec.default === undefined
                    ? ''
                    : typeof spec.default === 'string'
                      ? spec.default
                      : JSON.stringify(spec.default)
                }
                onChange={(e) => {
                  const { default: _old, ...rest } = spec;
                  setInputs({
                    ...inputs,
                    [key]: e.target.value === '' ? rest : { ...rest, default: typedDefault(e.target.value, spec.type) },
                  });
                }}
                className={inputClass}
              />
            </fieldset>
          ))}
          <button
            type="button"
            className="flex items-center gap-1 self-start text-[12px] text-wb-accent hover:underline"
            onClick={() => {
              let n = Object.keys(inputs).length + 1;
              while (inputs[`input${n}`]) n++;
              setInputs({ ...inputs, [`input${n}`]: { type: 'string' } });
            }}
          >
            <Plus size={13} /> Add input
          </button>
        </div>
      </Row>
      <FieldInput
        field={{
          key: 'outputs',
          label: 'Outputs (JSON)',
          type: 'json',
          mono: true,
          help: 'What the workflow answers, e.g. {"review": "{{nodes.review.output}}"}.',
        }}
        value={definition.outputs}
        onChange={(v) => update({ outputs: v })}
        problems={problemsFor(issues, 'outputs')}
      />
    </form>
  );
}
