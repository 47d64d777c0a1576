import { parseArgs } from 'node:util';
import type { Assignee } from '../../shared/domain/tasks';
import { parseArgsMistake, UsageError } from './usage-error';

/** Where a tasks or board command works: the repository and Weft's data folder. */
interface Place {
  /** The repository (default: the current folder). */
  readonly repo: string;
  readonly dataDir: string | undefined;
}

/** `weft tasks add`: one task, or one per unticked item of a Markdown checklist. */
export interface TasksAddArgs extends Place {
  readonly command: 'tasks';
  readonly action: 'add';
  /** Absent with --from-checklist. */
  readonly title: string | undefined;
  readonly description: string;
  readonly priority: number | undefined;
  readonly labels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly assignee: Assignee | null;
  readonly baseBranch: string | undefined;
  /** A file name, or `-` for stdin. */
  readonly fromChecklist: string | undefined;
  readonly json: boolean;
}

/** `weft tasks list | show <id> | cancel <id>`. */
export interface TasksViewArgs extends Place {
  readonly command: 'tasks';
  readonly action: 'list' | 'show' | 'cancel';
  readonly id: string | undefined;
  readonly json: boolean;
}

export type TasksArgs = TasksAddArgs | TasksViewArgs;

/** `weft board run`: runs tasks of the board headless until each is done, failed or back in review. */
export interface BoardArgs extends Place {
  readonly command: 'board';
  readonly action: 'run';
  /** Tasks at once; absent: the board's concurrency setting. */
  readonly parallel: number | undefined;
  readonly json: boolean;
  /** False: stop at review (`--no-land`); true: approve green tasks so they land through the merge queue. */
  readonly land: boolean;
  /** Sets (and so confirms) the board's check command before it starts. */
  readonly check: string | undefined;
  /** Absent ids: every task that is not done or cancelled. */
  readonly ids: readonly string[];
}

export const tasksCommandsUsage = `  tasks add "<title>" | list | show <id> | cancel <id>
             Write tasks on a repository's board, list them, show one with its
             journal and check output, or cancel one (its branch is kept)
  board run [task ids…]
             Run the board headless: ready tasks start in their own worktrees,
             each is checked, approved when green and landed through the merge
             queue. Progress per task on stderr
`;

export const tasksOptionsUsage = `Options for tasks add:
  --description TEXT  The task's description (Markdown)
  --priority N        1 (most urgent) to 5 (default 3)
  --label LABEL       A label; repeat for several
  --depends-on ID     A task that must be done first; repeat for several
  --agent PROVIDER/MODEL
                      The agent that works on it: a provider id from Settings →
                      Models and a model name (the model may contain "/")
  --approval PRESET   ask, edits (default) or auto; without a window, a call
                      that would ask is denied
  --max-steps N       The agent's step limit (default 50)
  --budget USD        The agent run's budget (default: only the board's)
  --workflow NAME     Run .weft/workflows/NAME.json instead of an agent
  --input KEY=VALUE   An input of that workflow; repeat for several
  --base BRANCH       The branch it starts from and lands on (default: the
                      branch checked out in the repository)
  --from-checklist FILE
                      One task per unticked "- [ ] title" item of a Markdown
                      file ("-" reads stdin); the options above apply to each

Options for tasks and board:
  --repo PATH         The repository (default: the current folder)
  --json              tasks: print tasks as JSON lines; board run: every task
                      change as a JSON event line on stdout instead of progress
  --data-dir DIR      Where Weft keeps its database and logs

Options for board run:
  --parallel N        Tasks running at once (default: the board's setting, 2)
  --check COMMAND     The check command each task must pass (e.g. "npm test"),
                      kept as the board's setting; without it, the one set on
                      the board (Weft proposes one from package.json, Makefile…)
  --no-land           Stop each task at review instead of approving it. Without
                      it, a task whose check is green is approved at once and
                      lands on its base branch through the merge queue (the
                      check runs again on the updated branch first)

Without task ids, board run takes every task that is not done, cancelled or
failed; a failed task is retried when named. Tasks queued (ready) on the board
start too, but only the selected ones count for the exit code.

Board run exit codes: 0 when every selected task is done (with --no-land: in
review), 1 otherwise (the failures are shown), 2 bad usage.
`;

const options = {
  repo: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  description: { type: 'string' },
  priority: { type: 'string' },
  label: { type: 'string', multiple: true },
  'depends-on': { type: 'string', multiple: true },
  agent: { type: 'string' },
  approval: { type: 'string' },
  'max-steps': { type: 'string' },
  budget: { type: 'string' },
  workflow: { type: 'string' },
  input: { type: 'string', multiple: true },
  base: { type: 'string' },
  'from-checklist': { type: 'string' },
  parallel: { type: 'string' },
  check: { type: 'string' },
  land: { type: 'boolean' },
  'no-land': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse>['values'];
type Option = keyof typeof options;

function parse(command: string, argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw parseArgsMistake(error, command);
  }
}

function text(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError(`${flag} needs a value.`);
  return value;
}

function whole(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return Number(raw);
}

/** Options that only some commands take: naming one elsewhere is a mistake, not something to ignore. */
function refuse(values: Values, allowed: readonly Option[], command: string): void {
  for (const key of Object.keys(values) as Option[]) {
    if (!allowed.includes(key))
      throw new UsageError(`--${key} is not an option of weft ${command}. Run "weft ${command.split(' ')[0]} --help".`);
  }
}

const TASK_ID = /^[a-z0-9]{6,32}$/;

function taskId(raw: string, what: string): string {
  if (!TASK_ID.test(raw)) throw new UsageError(`"${raw}" is not a task id (${what}); "weft tasks list" shows them.`);
  return raw;
}

function assigneeOf(values: Values): Assignee | null {
  if (values.agent !== undefined && values.workflow !== undefined) {
    throw new UsageError('Give a task either --agent or --workflow, not both.');
  }
  if (values.workflow !== undefined) {
    for (const flag of ['approval', 'max-steps', 'budget'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --agent, not --workflow.`);
    }
    const workflow = text(values.workflow, '--workflow')!;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(workflow)) {
      throw new UsageError(`--workflow takes a workflow's name (its file under .weft/workflows), not "${workflow}".`);
    }
    const inputs: Record<string, string> = {};
    for (const pair of values.input ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--input takes key=value, not "${pair}".`);
      inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { kind: 'workflow', workflow, inputs };
  }
  if (values.input !== undefined) throw new UsageError('--input is for --workflow.');
  if (values.agent === undefined) {
    for (const flag of ['approval', 'max-steps', 'budget'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --agent PROVIDER/MODEL.`);
    }
    return null;
  }
  const slash = values.agent.indexOf('/');
  const providerId = values.agent.slice(0, slash);
  const model = values.agent.slice(slash + 1);
  if (slash <= 0 || model === '' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(providerId)) {
    throw new UsageError(
      `--agent takes PROVIDER/MODEL (a provider id from Settings → Models, then the model), not "${values.agent}".`,
    );
  }
  const approval = values.approval ?? 'edits';
  if (approval !== 'ask' && approval !== 'edits' && approval !== 'auto') {
    throw new UsageError(`--approval must be ask, edits or auto, not "${approval}".`);
  }
  let budgetUsd: number | null = null;
  if (values.budget !== undefined) {
    budgetUsd = Number(values.budget);
    if (!/^\d+(\.\d+)?$/.test(values.budget) || budgetUsd <= 0) {
      throw new UsageError(`--budget must be a positive amount of USD, not "${values.budget}".`);
    }
  }
  return {
    kind: 'agent',
    model: { providerId, model },
    approval,
    maxSteps: whole(values['max-steps'], '--max-steps', 1, 10_000) ?? 50,
    budgetUsd,
  };
}

const placeOptions: readonly Option[] = ['repo', 'data-dir', 'json'];

function place(values: Values): Place {
  return { repo: text(values.repo, '--repo') ?? '.', dataDir: text(values['data-dir'], '--data-dir') };
}

/** Parses the arguments after `tasks`; pure, so every mistake has a test. */
export function parseTasksCli(argv: readonly string[]): TasksArgs {
  const { values, positionals } = parse('tasks', argv);
  const [action, ...rest] = positionals;
  if (action === 'add') {
    refuse(
      values,
      [
        ...placeOptions,
        'description',
        'priority',
        'label',
        'depends-on',
        'agent',
        'approval',
        'max-steps',
        'budget',
        'workflow',
        'input',
        'base',
        'from-checklist',
      ],
      'tasks add',
    );
    const fromChecklist = text(values['from-checklist'], '--from-checklist');
    const [title, ...extra] = rest;
    if (fromChecklist !== undefined && title !== undefined) {
      throw new UsageError('Give either a title or --from-checklist FILE, not both.');
    }
    if (fromChecklist !== undefined && values.description !== undefined) {
      throw new UsageError(
        '--description is for one task; a checklist item takes its indented lines as its description.',
      );
    }
    if (fromChecklist === undefined && (title === undefined || title.trim() === '')) {
      throw new UsageError('Name the task: weft tasks add "<title>" (or --from-checklist FILE).');
    }
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}". Quote a title that has spaces.`);
    if (title !== undefined && title.trim().length > 300)
      throw new UsageError('A task title is at most 300 characters.');
    return {
      command: 'tasks',
      action: 'add',
      ...place(values),
      title: title?.trim(),
      description: values.description ?? '',
      priority: whole(values.priority, '--priority', 1, 5),
      labels: (values.label ?? []).map((l) => {
        if (l.trim() === '' || l.trim().length > 50)
          throw new UsageError(`--label takes 1 to 50 characters, not "${l}".`);
        return l.trim();
      }),
      dependsOn: (values['depends-on'] ?? []).map((id) => taskId(id, '--depends-on')),
      assignee: assigneeOf(values),
      baseBranch: text(values.base, '--base'),
      fromChecklist,
      json: values.json === true,
    };
  }
  if (action === 'list' || action === 'show' || action === 'cancel') {
    refuse(values, placeOptions, `tasks ${action}`);
    const [id, ...extra] = rest;
    if (action === 'list' && id !== undefined) throw new UsageError(`Unexpected argument "${id}".`);
    if (action !== 'list' && id === undefined) throw new UsageError(`weft tasks ${action} needs a task id.`);
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    return {
      command: 'tasks',
      action,
      ...place(values),
      id: id === undefined ? undefined : taskId(id, `weft tasks ${action}`),
      json: values.json === true,
    };
  }
  throw new UsageError(
    `${action ? `Unknown tasks command "${action}". ` : ''}Use weft tasks add "<title>", weft tasks list, weft tasks show <id> or weft tasks cancel <id>.`,
  );
}

/** Parses the arguments after `board`. */
export function parseBoardCli(argv: readonly string[]): BoardArgs {
  const { values, positionals } = parse('board', argv);
  const [action, ...ids] = positionals;
  if (action !== 'run') {
    throw new UsageError(
      `${action ? `Unknown board command "${action}". ` : ''}Use weft board run [--parallel N] [task ids…].`,
    );
  }
  refuse(values, [...placeOptions, 'parallel', 'check', 'land', 'no-land'], 'board run');
  if (values.land === true && values['no-land'] === true) throw new UsageError('Give --land or --no-land, not both.');
  return {
    command: 'board',
    action: 'run',
    ...place(values),
    parallel: whole(values.parallel, '--parallel', 1, 64),
    json: values.json === true,
    land: values['no-land'] !== true,
    check: text(values.check, '--check'),
    ids: [...new Set(ids.map((id) => taskId(id, 'weft board run')))],
  };
}
