// The check command as a plain child process: what tests and the bench run; the app's own
// implementation goes through the sandboxed command runner instead.
import { spawn } from 'node:child_process';
import { killTree } from '../../terminal/process-tree';

export interface CheckResult {
  readonly ok: boolean;
  /** stdout and stderr interleaved, the last `OUTPUT_LIMIT` characters when longer. */
  readonly output: string;
  readonly timedOut: boolean;
}

/** The port the merge queue runs a task's check through, in the worktree being landed. */
export type RunCheck = (worktreePath: string, signal: AbortSignal) => Promise<CheckResult>;

const OUTPUT_LIMIT = 64_000;

/**
 * A RunCheck that runs `command` with `sh -c` as the leader of its own process group, so a
 * timeout or an abort kills what it started too (a hung test runner's workers included), and
 * the output so far is kept for the task's review.
 */
export function shellCheck(command: string, options: { timeoutMs: number }): RunCheck {
  return (cwd, signal) =>
    new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let timedOut = false;
      const keep = (d: Buffer) => {
        output += d.toString('utf8');
        if (output.length > 2 * OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const stop = () => child.pid !== undefined && killTree(child.pid, 'SIGKILL');
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs);
      signal.addEventListener('abort', stop, { once: true });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        // The shell is gone; anything it left running in its group goes with it.
        stop();
        const tail = output.slice(-OUTPUT_LIMIT);
        const note = timedOut ? `\n[check killed after ${options.timeoutMs} ms]` : '';
        resolve({ ok: code === 0 && !timedOut && !signal.aborted, output: tail + note, timedOut });
      });
    });
}
