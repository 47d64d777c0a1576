import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellCheck, type RunCheck } from '../../../src/main/fleet/git/check-process';
import { FileLandingJournal } from '../../../src/main/fleet/git/landing-journal';
import { MergeQueue, type LandingOutcome, type QueueEntry } from '../../../src/main/fleet/git/merge-queue';
import { groupAlive } from '../../../src/main/terminal/process-tree';
import { tempDir } from '../../helpers/fixtures';
import { until } from '../../helpers/until';
import { commitOn, fleetRepo, g, lines, writeFiles } from './radar-helpers';

/** A task worktree on `weft/task-<n>` with `files` committed. */
function task(repo: string, n: number, files: Record<string, string>): QueueEntry {
  const path = join(tempDir('weft-task-'), `task-${n}`);
  g(repo, 'worktree', 'add', '-q', '-b', `weft/task-${n}`, path, 'main');
  writeFiles(path, files);
  g(path, 'add', '-A');
  g(path, 'commit', '-q', '-m', `task ${n}`);
  return { taskId: `t${n}`, branch: `weft/task-${n}`, worktreePath: path };
}

function queueFor(
  repo: string,
  runCheck: RunCheck = shellCheck('true', { timeoutMs: 10_000 }),
  strategy: 'rebase' | 'merge' = 'rebase',
) {
  const outcomes: LandingOutcome[] = [];
  const dir = tempDir('weft-queue-');
  const queue = new MergeQueue({
    repo,
    baseBranch: 'main',
    strategy,
    runCheck,
    journal: new FileLandingJournal(join(dir, 'landing.json')),
    scratchDir: dir,
    onOutcome: (o) => outcomes.push(o),
  });
  return { queue, outcomes, journalPath: join(dir, 'landing.json') };
}

const read = (repo: string, path: string) => readFileSync(join(repo, path), 'utf8');

describe('merge queue', () => {
  it('lands green tasks one at a time and updates the checked-out base, leaving unrelated local changes alone', async () => {
    const repo = fleetRepo();
    const t1 = task(repo, 1, { 'a.txt': lines('a', { 1: 'one' }) });
    const t2 = task(repo, 2, { 'b.txt': lines('b', { 2: 'two' }) });
    writeFileSync(join(repo, 'c.txt'), 'my own edit\n');
    const { queue, outcomes } = queueFor(repo);

    queue.enqueue(t1);
    queue.enqueue(t2);
    await queue.idle();

    expect(outcomes.map((o) => o.kind)).toEqual(['landed', 'landed']);
    expect(g(repo, 'rev-parse', 'main')).toBe((outcomes[1] as { commit: string }).commit);
    expect(g(repo, 'log', '--format=%s', 'main', '-3')).toBe('task 2\ntask 1\nfiles');
    expect(read(repo, 'a.txt')).toBe(lines('a', { 1: 'one' }));
    expect(read(repo, 'b.txt')).toBe(lines('b', { 2: 'two' }));
    expect(read(repo, 'c.txt')).toBe('my own edit\n');
    expect(g(repo, 'status', '--porcelain')).toBe('M c.txt');
  });

  it('sends a conflicting task back to review with its files, and lands the next one', async () => {
    const repo = fleetRepo();
    const t1 = task(repo, 1, { 'a.txt': lines('a', { 3: 'task' }) });
    const t2 = task(repo, 2, { 'b.txt': lines('b', { 3: 'task' }) });
    commitOn(repo, 'main', { 'a.txt': lines('a', { 3: 'base' }) });
    const tip1 = g(repo, 'rev-parse', 'weft/task-1');
    const { queue, outcomes } = queueFor(repo);

    queue.enqueue(t1);
    queue.enqueue(t2);
    await queue.idle();

    expect(outcomes[0]).toMatchObject({ kind: 'review', taskId: 't1', reason: 'conflict', files: ['a.txt'] });
    expect(outcomes[1]).toMatchObject({ kind: 'landed', taskId: 't2' });
    // The conflicting task is as it was: same commit, clean worktree, no rebase left open.
    expect(g(repo, 'rev-parse', 'weft/task-1')).toBe(tip1);
    expect(g(t1.worktreePath!, 'status', '--porcelain')).toBe('');
    expect(read(repo, 'a.txt')).toBe(lines('a', { 3: 'base' }));
  });

  it('keeps the base where it was when the check is red, with the output', async () => {
    const repo = fleetRepo();
    const base = g(repo, 'rev-parse', 'main');
    const { queue, outcomes } = queueFor(repo, shellCheck('echo tests: 3 failed; exit 1', { timeoutMs: 10_000 }));
    queue.enqueue(task(repo, 1, { 'a.txt': 'x\n' }));
    await queue.idle();
    expect(outcomes[0]).toMatchObject({ kind: 'review', reason: 'check_failed' });
    expect((outcomes[0] as { output: string }).output).toContain('tests: 3 failed');
    expect(g(repo, 'rev-parse', 'main')).toBe(base);
  });

  it('kills a hanging check at its timeout, with everything it started, and keeps its output', async () => {
    const repo = fleetRepo();
    const pidFile = join(tempDir(), 'pid');
    const check = shellCheck(`echo $$ > ${pidFile}; echo compiling; sleep 60 & sleep 60`, { timeoutMs: 1_000 });
    const { queue, outcomes } = queueFor(repo, check);
    const started = Date.now();
    queue.enqueue(task(repo, 1, { 'a.txt': 'x\n' }));
    await queue.idle();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(outcomes[0]).toMatchObject({ kind: 'review', reason: 'check_timed_out' });
    expect((outcomes[0] as { output: string }).output).toContain('compiling');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await until(
      () => !groupAlive(pid),
      5_000,
      () => `process group ${pid} still alive`,
    );
  });

  it('waits when the checked-out base has local changes in a file the task changes, then lands once they are gone', async () => {
    const repo = fleetRepo();
    const base = g(repo, 'rev-parse', 'main');
    const t1 = task(repo, 1, { 'a.txt': lines('a', { 1: 'task' }) });
    writeFileSync(join(repo, 'a.txt'), 'unsaved work\n');
    const { queue, outcomes } = queueFor(repo);

    queue.enqueue(t1);
    await queue.idle();
    expect(outcomes[0]).toMatchObject({ kind: 'waiting', files: ['a.txt'] });
    expect((outcomes[0] as { message: string }).message).toMatch(/uncommitted changes.*a\.txt/);
    expect(g(repo, 'rev-parse', 'main')).toBe(base);
    expect(read(repo, 'a.txt')).toBe('unsaved work\n');

    g(repo, 'checkout', '--', 'a.txt');
    queue.enqueue(t1);
    await queue.idle();
    expect(outcomes[1]).toMatchObject({ kind: 'landed' });
    expect(read(repo, 'a.txt')).toBe(lines('a', { 1: 'task' }));
  });

  it('reports a deleted task branch and a missing base branch without changing anything', async () => {
    const repo = fleetRepo();
    const { queue, outcomes } = queueFor(repo);
    queue.enqueue({ taskId: 't9', branch: 'weft/task-9', worktreePath: null });
    await queue.idle();
    expect(outcomes[0]).toMatchObject({ kind: 'review', reason: 'branch_missing' });

    g(repo, 'checkout', '-q', '-b', 'other');
    g(repo, 'branch', '-D', 'main');
    commitOn(repo, 'weft/task-1', { 'a.txt': 'x\n' }, 'other');
    queue.enqueue({ taskId: 't1', branch: 'weft/task-1', worktreePath: null });
    await queue.idle();
    expect(outcomes[1]).toMatchObject({ kind: 'review', reason: 'base_missing' });
    expect(g(repo, 'branch', '--list', 'main')).toBe('');
  });

  it('lands a task without a worktree through a temporary one, with the merge strategy', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 1: 'task' }) });
    commitOn(repo, 'main', { 'b.txt': lines('b', { 1: 'base' }) });
    const { queue, outcomes } = queueFor(repo, undefined, 'merge');
    queue.enqueue({ taskId: 't1', branch: 'weft/task-1', worktreePath: null });
    await queue.idle();
    expect(outcomes[0]).toMatchObject({ kind: 'landed' });
    expect(g(repo, 'rev-parse', 'weft/task-1')).toBe(g(repo, 'rev-parse', 'main'));
    expect(g(repo, 'log', '-1', '--format=%p', 'main').split(' ')).toHaveLength(2);
    expect(g(repo, 'worktree', 'list', '--porcelain')).not.toContain('landing-');
    expect(read(repo, 'a.txt')).toBe(lines('a', { 1: 'task' }));
  });

  it('never overwrites a base branch that moved during the landing: it starts over on top of it', async () => {
    const repo = fleetRepo();
    let calls = 0;
    const check: RunCheck = async () => {
      // Someone commits on main while the first check runs.
      if (calls++ === 0) commitOn(repo, 'main', { 'c.txt': 'theirs\n' });
      return { ok: true, output: '', timedOut: false };
    };
    const { queue, outcomes } = queueFor(repo, check);
    queue.enqueue(task(repo, 1, { 'a.txt': 'mine\n' }));
    await queue.idle();
    expect(outcomes[0]).toMatchObject({ kind: 'landed' });
    expect(calls).toBe(2);
    expect(g(repo, 'log', '--format=%s', 'main', '-2')).toBe('task 1\nchange on main');
    expect(read(repo, 'c.txt')).toBe('theirs\n');
  });

  it('lands ten green tasks in the order they were queued', async () => {
    const repo = fleetRepo();
    const { queue, outcomes } = queueFor(repo, shellCheck('sleep 0.1', { timeoutMs: 10_000 }));
    const entries = Array.from({ length: 10 }, (_, i) => task(repo, i + 1, { [`new-${i}.txt`]: `${i}\n` }));
    for (const e of entries) queue.enqueue(e);
    // The speed goal (10 x check time + 5 s) is measured by bench/fleet-radar.ts, not asserted on a shared machine.
    await queue.idle();
    expect(outcomes.map((o) => [o.kind, o.taskId])).toEqual(entries.map((e) => ['landed', e.taskId]));
    expect(g(repo, 'log', '--format=%s', 'main', '-10').split('\n').reverse()).toEqual(
      entries.map((_, i) => `task ${i + 1}`),
    );
  });
});

describe('merge queue after Weft is killed mid-landing', () => {
  function killAt(repo: string, journalPath: string, scratch: string, phase: string, worktree: string) {
    return new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['bench/run.mjs', 'test/children/fleet-landing-child.ts', repo, journalPath, scratch, phase, worktree],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes(`at ${phase}`)) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('exit', () =>
        out.includes(`at ${phase}`) ? resolve() : reject(new Error(`child ended early: ${out}`)),
      );
    });
  }

  it('killed between moving the base and updating the checked-out files: the files follow on restart', async () => {
    const repo = fleetRepo();
    const old = g(repo, 'rev-parse', 'main');
    const t1 = task(repo, 1, { 'a.txt': lines('a', { 1: 'task' }) });
    const tip = g(repo, 'rev-parse', 'weft/task-1');
    const { queue, journalPath } = queueFor(repo);
    // The state a kill right after the compare-and-swap leaves: journal at "moving", ref moved, files not.
    new FileLandingJournal(journalPath).write({
      taskId: 't1',
      branch: 'weft/task-1',
      baseBranch: 'main',
      phase: 'moving',
      baseOld: old,
      taskTip: tip,
      newCommit: tip,
      workdir: t1.worktreePath!,
      temporary: false,
      checkout: repo,
    });
    g(repo, 'update-ref', 'refs/heads/main', tip, old);
    expect(g(repo, 'status', '--porcelain')).toBe('M  a.txt');

    expect(await queue.recover()).toMatchObject({ kind: 'interrupted', landed: true, baseCommit: tip });
    expect(g(repo, 'status', '--porcelain')).toBe('');
    expect(read(repo, 'a.txt')).toBe(lines('a', { 1: 'task' }));
  });

  it('killed in the middle of a conflicted rebase: the rebase is undone and the task branch is as it was', async () => {
    const repo = fleetRepo();
    const t1 = task(repo, 1, { 'a.txt': lines('a', { 3: 'task' }) });
    const tip = g(repo, 'rev-parse', 'weft/task-1');
    commitOn(repo, 'main', { 'a.txt': lines('a', { 3: 'base' }) });
    const base = g(repo, 'rev-parse', 'main');
    const { queue, journalPath } = queueFor(repo);
    new FileLandingJournal(journalPath).write({
      taskId: 't1',
      branch: 'weft/task-1',
      baseBranch: 'main',
      phase: 'updating',
      baseOld: base,
      taskTip: tip,
      newCommit: null,
      workdir: t1.worktreePath!,
      temporary: false,
      checkout: repo,
    });
    expect(() => g(t1.worktreePath!, 'rebase', base)).toThrow();

    expect(await queue.recover()).toMatchObject({ kind: 'interrupted', landed: false, baseCommit: base });
    expect(g(repo, 'rev-parse', 'weft/task-1')).toBe(tip);
    expect(g(t1.worktreePath!, 'status', '--porcelain')).toBe('');
    expect(g(t1.worktreePath!, 'symbolic-ref', '--short', 'HEAD')).toBe('weft/task-1');
  });

  for (const [phase, landed] of [
    ['checking', false],
    ['moving', false],
    ['moved', true],
  ] as const) {
    it(`killed at "${phase}": the base is the ${landed ? 'new' : 'old'} commit and the entry shows as interrupted`, async () => {
      const repo = fleetRepo();
      const old = g(repo, 'rev-parse', 'main');
      const t1 = task(repo, 1, { 'a.txt': lines('a', { 1: 'task' }) });
      const { queue, outcomes, journalPath } = queueFor(repo);

      await killAt(repo, journalPath, tempDir(), phase, t1.worktreePath!);
      const outcome = await queue.recover();

      const now = g(repo, 'rev-parse', 'main');
      expect(outcome).toMatchObject({ kind: 'interrupted', taskId: 't1', landed, baseCommit: now });
      expect(outcomes).toEqual([outcome]);
      if (landed) {
        expect(now).toBe(g(repo, 'rev-parse', 'weft/task-1'));
        expect(read(repo, 'a.txt')).toBe(lines('a', { 1: 'task' }));
      } else expect(now).toBe(old);
      expect(existsSync(journalPath)).toBe(false);
      expect(g(t1.worktreePath!, 'status', '--porcelain')).toBe('');
      expect(g(repo, 'status', '--porcelain')).toBe('');

      if (!landed) {
        queue.enqueue(t1);
        await queue.idle();
        expect(outcomes[1]).toMatchObject({ kind: 'landed' });
      }
    });
  }
});
