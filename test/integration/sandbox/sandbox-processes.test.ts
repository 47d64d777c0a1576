import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buggyRepo } from '../../helpers/agent';
import { tempDir } from '../../helpers/fixtures';
import { useModelFixture } from '../../helpers/models';
import { until } from '../../helpers/until';

const fx = useModelFixture();

/**
 * Pids of processes running exactly `argv` (not merely naming it, as the bwrap and shell
 * processes that start it do: waiting for those would kill Weft before bwrap has set itself
 * up to die with it, a window the process ledger covers instead).
 */
function processesWith(argv: string): number[] {
  const found: number[] = [];
  const wanted = `${argv.split(' ').join('\0')}\0`;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8') === wanted) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** Starts a Weft that runs an agent command sleeping with a unique argument, until it is running. */
async function weftRunningSleep(mode: 'sandboxed' | 'unsandboxed') {
  const repo = buggyRepo();
  const dataDir = join(tempDir('weft-procs-'), 'data');
  const needle = `25.${randomInt(100_000, 999_999)}`;
  fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: `sleep ${needle}` } }] });
  const child = spawn(
    process.execPath,
    ['bench/run.mjs', 'test/children/agent-command-child.ts', dataDir, repo, fx.fake.openaiUrl, mode],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Running, and recorded in the ledger (written just after the spawn returns: a Weft killed in
  // between leaves nothing to end, a window of a millisecond the test must not land in).
  const recorded = () => {
    try {
      return readdirSync(join(dataDir, 'processes')).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  };
  await until(
    () => processesWith(`sleep ${needle}`).length > 0 && recorded(),
    30_000,
    () => `no sleep started:\n${stderr}`,
  );
  return {
    dataDir,
    sleeping: () => processesWith(`sleep ${needle}`),
    describe: () =>
      processesWith(`sleep ${needle}`)
        .map((pid) => {
          try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)} [${stat
              .slice(stat.lastIndexOf(')') + 2)
              .split(' ')
              .slice(0, 3)
              .join(' ')}]`;
          } catch {
            return `${pid} gone`;
          }
        })
        .join('\n'),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('commands of a run when Weft dies', () => {
  it('inside the sandbox, end with Weft (bubblewrap --die-with-parent)', async () => {
    const weft = await weftRunningSleep('sandboxed');
    await weft.kill();
    await until(
      () => weft.sleeping().length === 0,
      5000,
      () => `still running:\n${weft.describe()}`,
    );
  }, 60_000);

  it('without a sandbox, are ended when Weft starts again', async () => {
    const weft = await weftRunningSleep('unsandboxed');
    await weft.kill();
    // Nothing ties an unconfined command to Weft's life…
    expect(weft.sleeping().length).toBeGreaterThan(0);
    // …so the next start ends what the ledger says an earlier Weft left running.
    fx.open({ dataDir: weft.dataDir });
    await until(
      () => weft.sleeping().length === 0,
      5000,
      () => `still running:\n${weft.describe()}`,
    );
  }, 60_000);
});
