// The inspector's form per node kind, kept next to the schema's field list: a unit test checks
// that every field of every kind in src/shared/workflow/schema.ts has a row here (and no more).

export type FieldType =
  | 'id'
  | 'text'
  | 'textarea'
  | 'template'
  | 'expression'
  | 'number'
  | 'select'
  | 'boolean'
  | 'json'
  | 'model'
  | 'command'
  | 'retries';

export interface Field {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly help?: string;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly placeholder?: string;
  /** A monospace editor (commands, JSON, expressions). */
  readonly mono?: boolean;
}

const refsHelp = 'Use {{inputs.name}} and {{nodes.id.output}} to insert values.';
const workspace: Field = {
  key: 'workspace',
  label: 'Worktree',
  type: 'select',
  options: ['run', 'own'],
  help: 'run: the run’s shared worktree; own: a worktree of its own.',
};
const model: Field = {
  key: 'model',
  label: 'Model',
  type: 'model',
  help: 'Leave empty for the default model of this purpose.',
};

/** Fields every node has, shown first. */
export const commonFields: readonly Field[] = [
  { key: 'id', label: 'Id', type: 'id', help: 'Other nodes read this node as nodes.<id>.output.', mono: true },
  { key: 'label', label: 'Label', type: 'text', help: 'Shown on the canvas.' },
  { key: 'description', label: 'Description', type: 'textarea' },
];

/** Fields every node has, shown under "Advanced". */
export function advancedFields(kind: string): Field[] {
  const fields: Field[] = [
    { key: 'timeoutMs', label: 'Timeout (ms)', type: 'number', min: 1, max: 7 * 86_400_000 },
    {
      key: 'join',
      label: 'Runs when',
      type: 'select',
      options: ['all', 'any'],
      help: 'all: every incoming edge taken (default); any: at least one, e.g. where branches meet.',
    },
  ];
  if (['agent', 'llm', 'tool', 'shell', 'git'].includes(kind)) {
    fields.push({ key: 'retries', label: 'Retries', type: 'retries', help: 'Retries with exponential backoff.' });
  }
  return fields;
}

/** The fields particular to each kind. */
export const kindFields: Readonly<Record<string, readonly Field[]>> = {
  agent: [
    { key: 'prompt', label: 'Prompt', type: 'template', help: refsHelp },
    model,
    { key: 'maxSteps', label: 'Max steps', type: 'number', min: 1, max: 1000 },
    workspace,
  ],
  llm: [
    model,
    { key: 'system', label: 'System prompt', type: 'template' },
    { key: 'prompt', label: 'Prompt', type: 'template', help: refsHelp },
    {
      key: 'outputSchema',
      label: 'Output JSON Schema',
      type: 'json',
      help: 'With a schema the output is the JSON the model answered; without, its text.',
      mono: true,
    },
    { key: 'temperature', label: 'Temperature', type: 'number', min: 0, max: 2 },
    { key: 'maxTokens', label: 'Max tokens', type: 'number', min: 1, max: 1_000_000 },
  ],
  tool: [
    { key: 'tool', label: 'Tool', type: 'text', placeholder: 'server__tool', mono: true },
    { key: 'arguments', label: 'Arguments (JSON)', type: 'json', help: refsHelp, mono: true },
    { key: 'parse', label: 'Parse answer as', type: 'select', options: ['text', 'json'] },
  ],
  shell: [
    { key: 'command', label: 'Command', type: 'command', help: 'Inserted values are shell-quoted.', mono: true },
    { key: 'cwd', label: 'Folder', type: 'text', placeholder: 'relative to the worktree', mono: true },
    { key: 'env', label: 'Environment (JSON)', type: 'json', mono: true },
    { key: 'allowFailure', label: 'Complete even when the command fails', type: 'boolean' },
    workspace,
  ],
  git: [
    { key: 'op', label: 'Operation', type: 'select', options: ['commit', 'branch', 'diff', 'merge'] },
    { key: 'message', label: 'Commit message', type: 'template' },
    { key: 'branch', label: 'Branch', type: 'text', mono: true },
    { key: 'base', label: 'Compare against', type: 'text', placeholder: 'where the run started', mono: true },
  ],
  condition: [
    {
      key: 'expression',
      label: 'Expression',
      type: 'expression',
      help: 'true/false picks the true/false branch; a string picks the branch with that label.',
      mono: true,
    },
  ],
  approval: [{ key: 'message', label: 'Question', type: 'template' }],
  workflow: [
    { key: 'workflow', label: 'Workflow', type: 'text', mono: true, placeholder: 'name in .weft/workflows' },
    { key: 'inputs', label: 'Inputs (JSON)', type: 'json', help: refsHelp, mono: true },
  ],
  map: [
    { key: 'items', label: 'Items', type: 'template', help: 'A list, e.g. {{nodes.plan.output.files}}.', mono: true },
    { key: 'concurrency', label: 'At once', type: 'number', min: 1, max: 64 },
    {
      key: 'result',
      label: 'Result per item (JSON)',
      type: 'json',
      help: 'Default: each body node’s output by id.',
      mono: true,
    },
  ],
  loop: [
    {
      key: 'until',
      label: 'Until',
      type: 'expression',
      help: 'Checked after each pass, e.g. nodes.test.output.exitCode == 0.',
      mono: true,
    },
    { key: 'maxIterations', label: 'At most (passes)', type: 'number', min: 1, max: 100 },
  ],
};

/** Fields not edited in the form: the canvas sets these. */
export const canvasOwnedKeys: readonly string[] = ['kind', 'position', 'body'];
