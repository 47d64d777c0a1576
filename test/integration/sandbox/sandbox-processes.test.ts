import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buggyRepo } from '../../helpers/agent';
import { startChild } from '../../helpers/children';
import { tempDir } from '../../helpers/fixtures';
import { processesRunning } from '../../helpers/processes';
import { useModelFixture } from '../../helpers/models';
import { until } from '../../helpers/until';

const fx = useModelFixture();

/** Starts a Weft that runs an agent command sleeping with a unique argument, until it is running. */
async function weftRunningSleep(mode: 'sandboxed' | 'unsandboxed') {
  const repo = buggyRepo();
  const dataDir = join(tempDir('weft-procs-'), 'data');
  const needle = `25.${randomInt(100_000, 999_999)}`;
  fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: `sleep ${needle}` } }] });
  const child = startChild('agent-command-child.ts', [dataDir, repo, fx.fake.openaiUrl, mode]);
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
    () => processesRunning(['sleep', needle]).length > 0 && recorded(),
    30_000,
    () => `no sleep started:\n${child.stderr()}`,
  );
  return {
    dataDir,
    sleeping: () => processesRunning(['sleep', needle]),
    describe: () =>
      processesRunning(['sleep', needle])
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
      await child.kill();
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
