import { parseArgs } from 'node:util';
import { builtInServerNames, type BuiltInServerName } from '../mcp/core/names';
import { parseArgsMistake, UsageError } from './usage-error';
import { parseBoardCli, parseTasksCli, type BoardArgs, type TasksArgs } from './tasks-args';
import { parseWorkflowCli, type RunArgs, type RunsArgs } from './workflow-args';

export { UsageError } from './usage-error';

export interface ServeArgs {
  readonly command: 'serve';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string | undefined;
  readonly verbose: boolean;
}

/** `weft dev fake-model`: the wire-protocol double, for demos without a real model. */
export interface FakeModelArgs {
  readonly command: 'dev-fake-model';
  readonly port: number;
  readonly apiKey: string | undefined;
  readonly ollama: boolean;
  /** A JSON file with an array of scripted answers, used in order. */
  readonly script: string | undefined;
  /** A fault for the first request. */
  readonly fault: (typeof fakeFaults)[number] | undefined;
}

/** Faults `--fault` can inject into the first request. */
export const fakeFaults = [
  '429',
  '500',
  'reset',
  'cut',
  'stall',
  'slow',
  'error-event',
  'malformed-tool',
  'text-tool',
] as const;

/** `weft mcp <server>`: one built-in MCP server for other MCP hosts, over stdio or HTTP. */
export interface McpArgs {
  readonly command: 'mcp';
  readonly server: BuiltInServerName;
  readonly root: string;
  /** Serve Streamable HTTP on 127.0.0.1 instead of stdio. */
  readonly http: boolean;
  readonly port: number;
  /** The shell server runs any command only with this flag; without it, only commands needing no approval. */
  readonly allowShell: boolean;
  readonly verbose: boolean;
}

export type CliArgs =
  | ServeArgs
  | FakeModelArgs
  | McpArgs
  | RunArgs
  | RunsArgs
  | TasksArgs
  | BoardArgs
  | HelpArgs
  | { readonly command: 'version' };

/** The commands `weft <command> --help` and `weft help <command>` explain; `dev` covers `dev fake-model`. */
export const helpTopics = ['serve', 'run', 'runs', 'tasks', 'board', 'mcp', 'dev'] as const;
export type HelpTopic = (typeof helpTopics)[number];

/** `weft help [command]`, `weft --help`, `weft <command> … --help`: usage on stdout, exit 0. */
export interface HelpArgs {
  readonly command: 'help';
  /** Absent: every command. */
  readonly topic: HelpTopic | undefined;
}

function helpTopic(name: string): HelpTopic {
  if ((helpTopics as readonly string[]).includes(name)) return name as HelpTopic;
  throw new UsageError(`There is no command "${name}" to explain. Commands: ${helpTopics.join(', ')}.`);
}

/** `--help` anywhere before a `--` (after it, it could be a value meant for something else). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Parses argv (without node and script); pure, so every bad flag has a test. */
export function parseCli(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { command: 'help', topic: undefined };
  if (command === 'help') {
    if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}". Try "weft help ${rest[0]}".`);
    return { command: 'help', topic: rest[0] === undefined ? undefined : helpTopic(rest[0]) };
  }
  if ((helpTopics as readonly string[]).includes(command) && asksForHelp(rest)) {
    return { command: 'help', topic: command as HelpTopic };
  }
  if (command === 'version' || command === '--version' || command === '-v') return { command: 'version' };
  if (command === 'dev') return parseDev(rest);
  if (command === 'run' || command === 'runs') return parseWorkflowCli(command, rest);
  if (command === 'tasks') return parseTasksCli(rest);
  if (command === 'board') return parseBoardCli(rest);
  if (command === 'mcp') return parseMcp(rest);
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}". Run "weft help" for the list.`);
  let values: { port?: string; host?: string; 'data-dir'?: string; verbose?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        verbose: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw parseArgsMistake(error, 'serve');
  }
  return {
    command: 'serve',
    port: parsePort(values.port),
    host: parseHost(values.host),
    dataDir: values['data-dir'] === '' ? missing('--data-dir') : values['data-dir'],
    verbose: values.verbose === true,
  };
}

function missing(flag: string): never {
  throw new UsageError(`${flag} needs a value.`);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${raw}".`);
  }
  return Number(raw);
}

function parseHost(raw: string | undefined): string {
  if (raw === undefined) return '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(raw))
    throw new UsageError(`--host must be an IP address or host name, not "${raw}".`);
  return raw;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function parseDev(argv: readonly string[]): FakeModelArgs {
  const [sub, ...rest] = argv;
  if (sub !== 'fake-model') throw new UsageError(`Unknown dev command "${sub ?? ''}". Try "weft dev fake-model".`);
  let values: { port?: string; 'api-key'?: string; ollama?: boolean; script?: string; fault?: string };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        port: { type: 'string' },
        'api-key': { type: 'string' },
        ollama: { type: 'boolean' },
        script: { type: 'string' },
        fault: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw parseArgsMistake(error, 'dev fake-model');
  }
  const fault = values.fault;
  if (fault !== undefined && !(fakeFaults as readonly string[]).includes(fault)) {
    throw new UsageError(`--fault must be one of ${fakeFaults.join(', ')}, not "${fault}".`);
  }
  return {
    command: 'dev-fake-model',
    port: parsePort(values.port),
    apiKey: values['api-key'] === '' ? missing('--api-key') : values['api-key'],
    ollama: values.ollama === true,
    script: values.script === '' ? missing('--script') : values.script,
    fault: fault as FakeModelArgs['fault'],
  };
}

function parseMcp(argv: readonly string[]): McpArgs {
  const [server, ...rest] = argv;
  if (!server || !(builtInServerNames as readonly string[]).includes(server)) {
    throw new UsageError(
      `weft mcp needs a server name: ${builtInServerNames.join(', ')}${server ? `, not "${server}"` : ''}. Run "weft mcp --help" for its usage.`,
    );
  }
  let values: { root?: string; http?: boolean; port?: string; 'allow-shell'?: boolean; verbose?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        root: { type: 'string' },
        http: { type: 'boolean' },
        port: { type: 'string' },
        'allow-shell': { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw parseArgsMistake(error, 'mcp');
  }
  if (!values.root) {
    throw new UsageError(`weft mcp needs --root DIR, the folder the server may work in: weft mcp ${server} --root .`);
  }
  if (values.port !== undefined && !values.http) throw new UsageError('--port needs --http.');
  if (values['allow-shell'] && server !== 'shell') throw new UsageError('--allow-shell is for the shell server only.');
  return {
    command: 'mcp',
    server: server as BuiltInServerName,
    root: values.root,
    http: values.http === true,
    port: parsePort(values.port),
    allowShell: values['allow-shell'] === true,
    verbose: values.verbose === true,
  };
}
