import { afterEach, describe, expect, it } from 'vitest';
import { WeftError } from '../../src/shared/ipc/errors';
import { elisionMarker } from '../../src/shared/terminal/output-cap';
import { CommandRunner } from '../../src/main/terminal/runner';
import { tempDir } from '../helpers/fixtures';
import { alive } from '../helpers/processes';

const posix = process.platform !== 'win32';
let runner: CommandRunner;
afterEach(() => runner?.dispose());

/** Reads child pids a script printed, one per line as `pid:<n>`. */
const pidsIn = (text: string) => [...text.matchAll(/pid:(\d+)/g)].map((m) => Number(m[1]));

describe.runIf(posix)('command runner', () => {
  it('runs an argv without a shell, in cwd, with env, and reports the exit code', async () => {
    runner = new CommandRunner();
    const cwd = tempDir();
    const result = await runner.run({
      command: { argv: ['sh', '-c', 'pwd; echo "$WEFT_X"; echo oops >&2; exit 3'] },
      cwd,
      env: { WEFT_X: 'from env' },
    });
    expect(result.exitCode).toBe(3);
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe(`${cwd}\nfrom env\n`);
    expect(result.stderr).toBe('oops\n');
    expect(result.truncated).toBe(false);
  });

  it('never interprets an argv element as shell syntax', async () => {
    runner = new CommandRunner();
    const result = await runner.run({ command: { argv: ['echo', '$HOME; rm -rf /tmp/x', '`id`'] }, cwd: tempDir() });
    expect(result.stdout).toBe('$HOME; rm -rf /tmp/x `id`\n');
  });

  it('runs an explicit shell string', async () => {
    runner = new CommandRunner();
    const result = await runner.run({ command: { shell: 'echo a | tr a b && echo c' }, cwd: tempDir() });
    expect(result.stdout).toBe('b\nc\n');
  });

  it('streams stdout and stderr as they arrive', async () => {
    runner = new CommandRunner();
    const seen: string[] = [];
    await runner.run({
      command: { shell: 'echo one; echo two >&2' },
      cwd: tempDir(),
      onOutput: (stream, data) => seen.push(`${stream}:${data}`),
    });
    expect(seen.sort()).toEqual(['stderr:two\n', 'stdout:one\n']);
  });

  it('caps output to its head and tail with a marker', async () => {
    runner = new CommandRunner();
    const result = await runner.run({
      command: { argv: ['seq', '1', '100000'] },
      cwd: tempDir(),
      capHead: 8,
      capTail: 7,
    });
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('1\n2\n3\n4\n')).toBe(true);
    expect(result.stdout.endsWith('\n100000\n')).toBe(true);
    expect(result.stdout).toContain(elisionMarker(588_895 - 15));
  });

  it('kills the whole process tree on timeout', async () => {
    runner = new CommandRunner();
    let out = '';
    const started = Date.now();
    const result = await runner.run({
      command: { shell: 'sleep 300 & echo pid:$!; (sleep 300 & echo pid:$!; wait) & wait' },
      cwd: tempDir(),
      timeoutMs: 700,
      onOutput: (_s, d) => (out += d),
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode === null || result.signal !== null).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const pids = pidsIn(out);
    expect(pids).toHaveLength(2);
    await expect.poll(() => pids.filter(alive), { timeout: 10_000 }).toEqual([]);
  });

  it('cancels through an AbortSignal, grandchildren included, checked by pid', async () => {
    runner = new CommandRunner();
    const controller = new AbortController();
    let out = '';
    const handle = runner.start({
      command: { argv: ['sh', '-c', 'sh -c "sleep 300 & echo pid:\\$!; wait" & echo pid:$$; wait'] },
      cwd: tempDir(),
      signal: controller.signal,
      onOutput: (_s, d) => (out += d),
    });
    await expect.poll(() => pidsIn(out).length, { timeout: 10_000 }).toBe(2);
    const pids = [handle.pid!, ...pidsIn(out)];
    expect(pids.every(alive)).toBe(true);
    controller.abort();
    const result = await handle.result;
    expect(result.cancelled).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    await expect.poll(() => pids.filter(alive), { timeout: 10_000 }).toEqual([]);
  });

  it('leaves nothing behind when a command exits but its background child does not', async () => {
    runner = new CommandRunner();
    const result = await runner.run({
      command: { shell: 'sleep 300 & echo pid:$!' },
      cwd: tempDir(),
      timeoutMs: 10_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.timedOut).toBe(false);
    const [pid] = pidsIn(result.stdout);
    await expect.poll(() => alive(pid!), { timeout: 10_000 }).toBe(false);
  });

  it('reports a program that does not exist as spawn_failed', async () => {
    runner = new CommandRunner();
    const error = await runner.run({ command: { argv: ['weft-no-such-program'] }, cwd: tempDir() }).catch((e) => e);
    expect(error).toBeInstanceOf(WeftError);
    expect((error as WeftError).code).toBe('spawn_failed');
  });
});
