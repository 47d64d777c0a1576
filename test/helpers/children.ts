import { spawn } from 'node:child_process';
import { until } from './until';

/** A script of test/children running in its own process, with what it printed so far. */
export interface Child {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** True once the process has ended (by itself or by a signal). */
  ended(): boolean;
  /** Resolves with the first match of `pattern` in its stdout; fails if it ends first. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGKILL, as a crash would; resolves with the signal that ended it once it has exited. */
  kill(): Promise<NodeJS.Signals | null>;
}

/**
 * Runs `test/children/<script>` through bench/run.mjs (Vite's loader, so migrations and other
 * assets load as in the build) with `args`, collecting its output.
 */
export function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, ['bench/run.mjs', `test/children/${script}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    ended,
    async printed(pattern, timeoutMs = 30_000) {
      let match: RegExpExecArray | null = null;
      await until(
        () => {
          match = pattern.exec(stdout);
          if (!match && ended()) throw new Error(`${script} ended before printing ${pattern}:\n${stderr}`);
          return match !== null;
        },
        timeoutMs,
        () => `${script} did not print ${pattern}:\n${stderr}`,
      );
      return match!;
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}
