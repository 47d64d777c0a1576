import { randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxService } from '../../../src/main/sandbox/sandbox-service';
import { CommandRunner } from '../../../src/main/terminal/runner';
import { processesWith } from '../../helpers/processes';
import { until } from '../../helpers/until';

// A run cancelled (or Weft shutting down) just as a sandboxed command starts used to leave the
// sandbox running: bubblewrap was signalled before the sandbox had tied its life to bubblewrap's,
// and the sandbox lives in its own session, out of reach of the signal. Seen under load: a
// workflow step cancelled by a restart went on and did its work after the restart.
describe('a sandboxed command stopped as it starts', () => {
  const made: string[] = [];
  const dir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
  const dataDir = dir('weft-data-');
  const worktree = join(dataDir, 'worktrees', 'run-1');
  mkdirSync(worktree, { recursive: true });
  const sandbox = new SandboxService({ dataDir, home: dir('weft-home-'), log: pino({ level: 'silent' }) });
  const runner = new CommandRunner();
  afterAll(async () => {
    runner.dispose();
    await sandbox.dispose();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('leaves nothing running, whenever in its start the cancel comes', async () => {
    const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
    const needle = `30.${randomInt(100_000, 999_999)}`;
    // Cancels spread over the first milliseconds, where bubblewrap makes the sandbox.
    const runs = Array.from({ length: 40 }, (_, i) => {
      const controller = new AbortController();
      const result = runner.run({
        command: { shell: `sleep ${needle}` },
        cwd: worktree,
        confinement: session,
        signal: controller.signal,
      });
      if (i % 8 === 0) controller.abort();
      else setTimeout(() => controller.abort(), i % 8);
      return result;
    });
    const results = await Promise.all(runs);
    expect(results.every((r) => r.cancelled)).toBe(true);
    await until(
      () => processesWith(needle).length === 0,
      5000,
      () => `still running after their runs were cancelled: ${processesWith(needle).join(', ')}`,
    );
    await session.close();
  }, 60_000);

  it('is ended with everything in it when the runner is disposed as it starts', async () => {
    const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
    const needle = `31.${randomInt(100_000, 999_999)}`;
    const own = new CommandRunner();
    const runs = Array.from({ length: 10 }, () =>
      own.run({ command: { shell: `sleep ${needle} & sleep ${needle}` }, cwd: worktree, confinement: session }),
    );
    own.dispose();
    await Promise.all(runs);
    await until(
      () => processesWith(needle).length === 0,
      5000,
      () => `still running after dispose: ${processesWith(needle).join(', ')}`,
    );
    await session.close();
  }, 60_000);
});
