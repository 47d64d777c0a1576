import { parseArgs } from 'node:util';
import { parseArgsMistake, UsageError } from './usage-error';

/** `weft run <workflow>`: runs a workflow of a repository without a window. */
export interface RunArgs {
  readonly command: 'run';
  readonly workflow: string;
  /** The repository (default: the current folder). */
  readonly repo: string;
  /** `--input key=value`, as text; the workflow's declared types convert them. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly dataDir: string | undefined;
  /** Work in the repository folder itself instead of a worktree on `weft/<runId>`. */
  readonly inPlace: boolean;
  /** Approve every approval step without asking. */
  readonly yes: boolean;
}

/** `weft runs list|show|resume`. */
export interface RunsArgs {
  readonly command: 'runs';
  readonly action: 'list' | 'show' | 'resume';
  readonly id: string | undefined;
  readonly repo: string | undefined;
  readonly json: boolean;
  readonly dataDir: string | undefined;
  readonly yes: boolean;
}

/** The commands' lines of `weft help`. */
export const workflowCommandsUsage = `  run <workflow>
             Run .weft/workflows/<workflow>.json of a repository headless:
             progress on stderr, the workflow's outputs on stdout
  runs list | show <id> | resume <id>
             List workflow runs, show one, or resume an interrupted or failed one
`;

/** The options' section of `weft help`. */
export const workflowOptionsUsage = `Options for run and runs:
  --repo PATH       The repository (default: the current folder)
  --input KEY=VALUE A workflow input; repeat for several
  --json            Print every journal event as a JSON line instead of progress
  --yes             Approve approval steps without asking
  --in-place        Work in the repository folder itself, not in a worktree on weft/<run id>
  --data-dir DIR    Where Weft keeps its database and logs
`;

const options = {
  repo: { type: 'string' },
  input: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  'in-place': { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const;

function parse(command: 'run' | 'runs', argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw parseArgsMistake(error, command);
  }
}

function text(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} needs a value.`);
  return value;
}

/** Parses the arguments after `run` or `runs`; pure, so every mistake has a test. */
export function parseWorkflowCli(command: 'run' | 'runs', argv: readonly string[]): RunArgs | RunsArgs {
  const { values, positionals } = parse(command, argv);
  const json = values.json === true;
  const yes = values.yes === true;
  const dataDir = text(values['data-dir'], '--data-dir');
  const repo = text(values.repo, '--repo');
  if (command === 'run') {
    const [workflow, ...extra] = positionals;
    if (!workflow) throw new UsageError('Name the workflow to run: weft run <workflow> [--repo PATH].');
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const inputs: Record<string, string> = {};
    for (const pair of values.input ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--input takes key=value, not "${pair}".`);
      inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return {
      command: 'run',
      workflow,
      repo: repo ?? '.',
      inputs,
      json,
      dataDir,
      inPlace: values['in-place'] === true,
      yes,
    };
  }
  if (values.input !== undefined) throw new UsageError('--input is for weft run.');
  if (values['in-place'] !== undefined) throw new UsageError('--in-place is for weft run.');
  const [action, id, ...extra] = positionals;
  if (action !== 'list' && action !== 'show' && action !== 'resume') {
    throw new UsageError('Use weft runs list, weft runs show <id> or weft runs resume <id>.');
  }
  if (action !== 'list' && !id) throw new UsageError(`weft runs ${action} needs a run id.`);
  if (action === 'list' && id) throw new UsageError(`Unexpected argument "${id}".`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return { command: 'runs', action, id, repo, json, dataDir, yes };
}
