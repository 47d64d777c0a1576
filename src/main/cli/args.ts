import { parseArgs } from 'node:util';

/** A mistake in the command line, shown as one line with exit code 2. */
export class UsageError extends Error {}

export interface ServeArgs {
  readonly command: 'serve';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string | undefined;
  readonly verbose: boolean;
}

export type CliArgs = ServeArgs | { readonly command: 'help' } | { readonly command: 'version' };

export const usage = `Usage: weft <command> [options]

Commands:
  serve      Run Weft in your browser (browser mode)
  version    Print the version
  help       Show this help

Options for serve:
  --port N          Port to listen on (default 0: any free port)
  --host ADDRESS    Address to bind (default 127.0.0.1). A non-loopback address
                    exposes Weft to your network; the access token still guards it.
  --data-dir DIR    Where Weft keeps its database and logs
  --verbose         Also print log lines to stderr
`;

/** Parses argv (without node and script); pure, so every bad flag has a test. */
export function parseCli(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (command === 'version' || command === '--version' || command === '-v') return { command: 'version' };
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
