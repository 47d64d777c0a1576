import { parseArgs } from 'node:util';
import { builtInServerNames, type BuiltInServerName } from '../mcp/core/names';
import { UsageError } from './usage-error';
import {
  parseWorkflowCli,
  workflowCommandsUsage,
  workflowOptionsUsage,
  type RunArgs,
  type RunsArgs,
} from './workflow-args';

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
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export const usage = `Usage: weft <command> [options]

Commands:
  serve      Run Weft in your browser (browser mode)
${workflowCommandsUsage}  version    Print the version
  help       Show this help
  mcp <files|git|shell|search> --root DIR
             Serve one of Weft's built-in MCP servers to another MCP host
             (stdio by default), confined to DIR
  dev fake-model
             Run a fake model server speaking the Anthropic and OpenAI APIs on
             127.0.0.1, for demos and tests without a real model

Options for serve:
  --port N          Port to listen on (default 0: any free port)
  --host ADDRESS    Address to bind (default 127.0.0.1). A non-loopback address
                    exposes Weft to your network; the access token still guards it.
  --data-dir DIR    Where Weft keeps its database and logs
  --verbose         Also print log lines to stderr

${workflowOptionsUsage}

Options for mcp:
  --root DIR        The folder the server works in; no path outside it is used
  --http            Serve Streamable HTTP on http://127.0.0.1:PORT/mcp instead
                    of stdio; requests from other host names or sites get 403
  --port N          Port for --http (default 0: any free port)
  --allow-shell     Let the shell server run any command. Without it, it runs
                    only commands that need no approval (a single simple
                    command such as ls, git status or npm test)
  --verbose         Say on stderr what the server serves

Options for dev fake-model:
  --port N          Port to listen on (default 0: any free port)
  --api-key KEY     Require this key, as a hosted API does
  --ollama          Also answer Ollama's /api/tags, /api/show and /api/create
  --script FILE     JSON array of scripted answers ({ text, toolCalls, usage, fault })
  --fault KIND      Inject a fault into the first request: ${fakeFaults.join(', ')}

Exit codes: 0 done, 1 failed (a run that failed or was interrupted), 2 bad usage,
3 Weft's database is damaged (nothing was run or recorded), 130 cancelled.
`;

/** Parses argv (without node and script); pure, so every bad flag has a test. */
export function parseCli(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (command === 'version' || command === '--version' || command === '-v') return { command: 'version' };
  if (command === 'dev') return parseDev(rest);
  if (command === 'run' || command === 'runs') return parseWorkflowCli(command, rest);
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
    throw new UsageError((error as Error).message);
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
    throw new UsageError((error as Error).message);
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
      `weft mcp needs a server name: ${builtInServerNames.join(', ')}${server ? `, not "${server}"` : ''}.`,
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
    throw new UsageError((error as Error).message);
  }
  if (!values.root) throw new UsageError('weft mcp needs --root DIR, the folder the server may work in.');
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
