// npm run bench:sandbox -- [--runs N]   (run through bench/run.mjs)
// Start-up cost of the OS sandbox: N runs of `true` through the command runner inside a run's
// sandbox (bubblewrap, proxy bridge included), against the same command unconfined, interleaved
// in the same process so both see the same machine. Prints one JSON line.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { SandboxService } from '../src/main/sandbox/sandbox-service';
import { CommandRunner } from '../src/main/terminal/runner';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 200);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 100) / 100;

export default async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-sandbox-'));
  const worktree = join(dataDir, 'worktrees', 'run');
  mkdirSync(worktree, { recursive: true });
  const sandbox = new SandboxService({ dataDir, log: pino({ level: 'silent' }) });
  const status = sandbox.status();
  if (!status.available) {
    process.stdout.write(`${JSON.stringify({ bench: 'sandbox', skipped: status.reason })}\n`);
    return;
  }
  const runner = new CommandRunner();
  const session = await sandbox.open({ writable: [worktree], allowedHosts: () => [] });
  // The same sandbox without the network bridge (socat inside), to show what the bridge costs.
  const bare = new SandboxService({ dataDir, log: pino({ level: 'silent' }), socatPath: null });
  const bareSession = await bare.open({ writable: [worktree], allowedHosts: () => [] });
  const time = async (confined: boolean, confinement = session) => {
    const started = process.hrtime.bigint();
    const result = await runner.run({
      command: { argv: ['true'] },
      cwd: worktree,
      ...(confined ? { confinement } : {}),
    });
    if (result.exitCode !== 0)
      throw new Error(`true failed ${confined ? 'in' : 'outside'} the sandbox: ${result.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  // Warm both paths (page cache, the proxy socket) before measuring.
  for (let i = 0; i < 10; i++) {
    await time(true);
    await time(false);
  }
  const plain: number[] = [];
  const confined: number[] = [];
  const noBridge: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(await time(false));
    confined.push(await time(true));
    noBridge.push(await time(true, bareSession));
  }
  await session.close();
  await bareSession.close();
  await sandbox.dispose();
  await bare.dispose();
  runner.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = sort(plain);
  const c = sort(confined);
  const overhead = sort(confined.map((t, i) => t - plain[i]!));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'sandbox',
      mechanism: status.mechanism,
      runs: RUNS,
      plainP50Ms: round(percentile(p, 50)),
      plainP95Ms: round(percentile(p, 95)),
      sandboxedP50Ms: round(percentile(c, 50)),
      sandboxedP95Ms: round(percentile(c, 95)),
      overheadP50Ms: round(percentile(overhead, 50)),
      overheadP95Ms: round(percentile(overhead, 95)),
      // Without the proxy bridge: what bubblewrap alone costs.
      noBridgeOverheadP50Ms: round(percentile(sort(noBridge.map((t, i) => t - plain[i]!)), 50)),
      goalP50Ms: 30,
    })}\n`,
  );
}
