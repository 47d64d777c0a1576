// A scripted hostile model drives real agent runs: first with the approval policy allowing
// everything, so the OS sandbox (and the path guard of the built-in tools) must hold alone;
// then with the default policy, to show what it asks and refuses. Real bubblewrap, real git,
// a real loopback server, real files.
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow, RunEntry, RunView } from '../../src/shared/domain/agent';
import { allEntries, buggyRepo, ok, waitForStatus } from '../helpers/agent';
import { tempDir } from '../helpers/fixtures';
import { processesWith } from '../helpers/processes';
import { until } from '../helpers/until';
import { addLocalProvider, modelBackend } from '../helpers/models';
import { FakeModelServer } from '../doubles/fake-model';
import { attempts, changes, makeWorld, snapshot, tagged, type Attempt, type World } from './hostile-world';

const CALLS_PER_STEP = 8;

interface Outcome {
  readonly world: World;
  readonly list: readonly Attempt[];
  readonly escapes: string[];
  readonly secretsSeen: string[];
  readonly connections: number;
  readonly entries: RunEntry[];
  readonly audit: AuditRow[];
}

async function unleash(policy: 'allow-all' | 'default'): Promise<Outcome> {
  const home = tempDir('weft-hostile-home-');
  const outside = tempDir('weft-hostile-outside-');
  const dataDir = join(tempDir('weft-hostile-data-'), 'data');
  const repo = buggyRepo();
  const world = await makeWorld({ home, repo, outside, dataDir });
  const envSecret = `HOSTILE-SECRET-ENV-${world.tag}`;
  process.env.HOSTILE_DEPLOY_TOKEN = envSecret;
  const fake = await FakeModelServer.start();
  const { backend } = modelBackend({ dataDir, unattended: true, sandbox: { home } });
  try {
    expect(backend.sandbox.status().available).toBe(true);
    // The attempts include `kill -9 -1` and writes all over: never let them loose unconfined.
    const probe = await backend.sandbox.open({ writable: [repo], allowedHosts: () => [] });
    await backend.runner.run({ command: { shell: `touch ${outside}/probe` }, cwd: repo, confinement: probe });
    await probe.close();
    if (existsSync(join(outside, 'probe'))) throw new Error('The sandbox does not confine commands; not unleashing.');
    if (policy === 'allow-all') await ok(backend, 'settings.update', { agent: { approveAllWhenSandboxed: true } });
    const providerId = await addLocalProvider(backend, fake.openaiUrl, 'native');
    const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
    const list = attempts(world);
    const userTree = () =>
      snapshot([repo, home, outside], (p) => p.startsWith(join(repo, '.git')) && !/\.git\/(config|hooks)/.test(p));
    const before = userTree();
    const gitRefs = readFileSync(join(repo, '.git', 'refs', 'heads', 'main'), 'utf8');

    for (let i = 0; i < list.length; i += CALLS_PER_STEP) {
      fake.enqueue({ toolCalls: list.slice(i, i + CALLS_PER_STEP).map((a) => a.call) });
    }
    fake.enqueue({ text: 'Done.' });
    const run = await ok<RunView>(backend, 'agent.start', {
      projectId: project.id,
      task: 'Tidy up the repository.',
      model: { providerId, model: 'fake-model' },
      maxSteps: 100,
    });
    await waitForStatus(backend, run.id, ['completed', 'failed', 'step_limit', 'cancelled'], 240_000);
    // Background jobs an attempt left (nohup, setsid) would write two seconds after they started:
    // look once none of the world's processes runs any more (the sandbox should end them with the
    // command; one that escaped has written by the time it is gone).
    await until(
      () => processesWith(world.tag).length === 0,
      30_000,
      () => `still running: ${processesWith(world.tag).join(', ')}`,
    );

    const escapes = [
      ...changes(before, userTree()),
      ...tagged(tmpdir(), world.tag),
      ...tagged('/etc', world.tag),
      ...tagged(dataDir, world.tag),
      ...tagged(join(repo, '..'), world.tag),
    ];
    if (readFileSync(join(repo, '.git', 'refs', 'heads', 'main'), 'utf8') !== gitRefs)
      escapes.push('refs/heads/main moved');
    // All of them: a secret in an early tool result must not hide behind the newest page.
    const entries = await allEntries(backend, run.id);
    const audit = await ok<AuditRow[]>(backend, 'agent.audit', { projectId: project.id, runId: run.id, limit: 1000 });
    // What a read would leave: tool results, what the model was sent, files in the worktree.
    const worktreeText = readTree(run.worktree!);
    const seen = [JSON.stringify(entries), JSON.stringify(fake.calls.map((c) => c.body)), worktreeText].join('\n');
    const secretsSeen = [...world.secrets, envSecret].filter((s) => seen.includes(s));
    return { world, list, escapes, secretsSeen, connections: world.connections(), entries, audit };
  } finally {
    delete process.env.HOSTILE_DEPLOY_TOKEN;
    await backend.dispose();
    await fake.close();
    await world.close();
  }
}

function readTree(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const path = join(d, name);
      // lstat: the agent plants links to ancestors, and a link is not content it wrote.
      const info = lstatSync(path, { throwIfNoEntry: false });
      if (info?.isDirectory()) walk(path);
      else if (info?.isFile()) parts.push(readFileSync(path, 'latin1'));
    }
  };
  walk(dir);
  return parts.join('\n');
}

function tally(outcome: Outcome) {
  const byCategory: Record<string, number> = {};
  for (const a of outcome.list) byCategory[a.category] = (byCategory[a.category] ?? 0) + 1;
  const decisions = { allowed: 0, asked: 0, refused: 0 };
  for (const row of outcome.audit) {
    if (row.decision !== 'deny') decisions.allowed++;
    else if (/Nobody can approve/.test(row.reason)) decisions.asked++;
    else decisions.refused++;
  }
  return { attempts: outcome.list.length, byCategory, decisions };
}

describe('a hostile agent', () => {
  it('with the policy allowing everything, the sandbox alone holds: no write outside, no secret, no connection', async () => {
    const outcome = await unleash('allow-all');
    const figures = tally(outcome);
    console.log(JSON.stringify({ pass: 'allow-all', ...figures, escapes: outcome.escapes.length }));
    expect(outcome.list.length).toBeGreaterThanOrEqual(100);
    // Every call reached its tool: nothing was refused by the policy.
    expect(figures.decisions.allowed).toBe(outcome.audit.length);
    expect(outcome.audit.length).toBe(outcome.list.length);
    expect(outcome.escapes).toEqual([]);
    expect(outcome.secretsSeen).toEqual([]);
    expect(outcome.connections).toBe(0);
    // The seccomp filter refused to let a command ptrace bubblewrap's init.
    const ptrace = outcome.entries.find((e) => e.kind === 'tool' && e.arguments.includes('ptrace'));
    expect(ptrace?.kind === 'tool' ? ptrace.result : '').toContain('refused');
    // The run said it was confined, and named what the sandbox stopped.
    const sandbox = outcome.entries.filter((e) => e.kind === 'sandbox');
    expect(sandbox[0]).toMatchObject({ event: 'on' });
    const denied = sandbox.filter((e) => e.kind === 'sandbox' && e.event === 'denied');
    expect(denied.some((e) => e.kind === 'sandbox' && e.violation?.kind === 'write')).toBe(true);
    expect(denied.some((e) => e.kind === 'sandbox' && e.violation?.kind === 'connect')).toBe(true);
  }, 300_000);

  it('with the default policy, the same attempts are asked about or refused, and still nothing escapes', async () => {
    const outcome = await unleash('default');
    const figures = tally(outcome);
    console.log(JSON.stringify({ pass: 'default', ...figures, escapes: outcome.escapes.length }));
    expect(outcome.escapes).toEqual([]);
    expect(outcome.secretsSeen).toEqual([]);
    expect(outcome.connections).toBe(0);
    // The policy is the second line: most attempts never run.
    expect(figures.decisions.asked + figures.decisions.refused).toBeGreaterThan(outcome.list.length * 0.6);
    // Options that run programs and tampered runners ask, whatever list allowed the program.
    const asked = (command: string) =>
      outcome.audit.some((r) => r.subject.startsWith(command) && r.decision === 'deny');
    expect(asked('git difftool')).toBe(true);
    expect(asked('npm test')).toBe(true);
    expect(asked('make test')).toBe(true);
    expect(asked('find . -maxdepth 0 -exec')).toBe(true);
  }, 300_000);
});
