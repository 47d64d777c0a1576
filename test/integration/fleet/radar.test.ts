import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BASE, ConflictRadar } from '../../../src/main/fleet/git/radar';
import { parseGitVersion } from '../../../src/main/fleet/git/git-version';
import { sideRef } from '../../../src/main/fleet/git/radar-git';
import { commitOn, fleetRepo, g, lines } from './radar-helpers';

// Where the radar keeps merge-tree's objects (in memory on Linux).
const scratchParent = process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

const tasks = [
  { taskId: 't1', branch: 'weft/task-1' },
  { taskId: 't2', branch: 'weft/task-2' },
  { taskId: 't3', branch: 'weft/task-3' },
];

describe('conflict radar', () => {
  it('names the files two tasks both touched and the conflicted line ranges', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }), 'b.txt': lines('b', { 9: 'one' }) });
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'two' }), 'b.txt': lines('b', { 1: 'two' }) });
    commitOn(repo, 'weft/task-3', { 'c.txt': lines('c', { 5: 'three' }) });
    const radar = new ConflictRadar({ repo });
    const objectsBefore = g(repo, 'count-objects');

    const report = await radar.compute('main', tasks);

    expect(report.base.commit).toBe(g(repo, 'rev-parse', 'main'));
    // Task 3 touched nothing the others did: no pair, and no merge was run for it.
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([['t1', 't2']]);
    const pair = report.pairs[0]!;
    expect(pair.overlap).toEqual(['a.txt', 'b.txt']);
    // b.txt was changed on both sides in different lines: it merges, so only a.txt conflicts.
    expect(pair.conflicts).toEqual(['a.txt']);
    expect(report.merges).toBe(1);
    // The line ranges are read when asked for, in either order of the pair.
    expect(await radar.details('t2', 't1')).toEqual({
      a: 't1',
      b: 't2',
      commitA: pair.commitA,
      commitB: pair.commitB,
      conflicts: [{ path: 'a.txt', hunks: [{ startLine: 3, endLine: 7 }] }],
    });
    expect(await radar.details('t1', 't3')).toBeNull();
    // Nothing was written: no object, no ref, no change in the checkout.
    expect(g(repo, 'count-objects')).toBe(objectsBefore);
    expect(g(repo, 'for-each-ref', '--format=%(refname)')).not.toMatch(/merge|weft\/(?!task)/);
    expect(g(repo, 'status', '--porcelain')).toBe('');
    // The radar's scratch git folder (for its own refs) is registered nowhere in the repository.
    expect(g(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('checks each task against the base branch when the base moved', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 2: 'task' }) });
    commitOn(repo, 'main', { 'a.txt': lines('a', { 2: 'base' }) });
    const report = await new ConflictRadar({ repo }).compute('main', tasks.slice(0, 1));
    expect(report.pairs).toEqual([
      expect.objectContaining({
        a: 't1',
        b: BASE,
        overlap: ['a.txt'],
        conflicts: ['a.txt'],
      }),
    ]);
  });

  it('after one branch moves, asks git again only about that branch and its pairs', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }) });
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'two' }) });
    commitOn(repo, 'weft/task-3', { 'a.txt': lines('a', { 8: 'three' }) });
    const spawned: string[][] = [];
    const radar = new ConflictRadar({ repo, onGitProcess: (args, input) => spawned.push([...args, input]) });
    const first = await radar.compute('main', tasks);
    expect(first.merges).toBe(3);
    expect(first.pairs.filter((p) => p.conflicts.length).map((p) => [p.a, p.b])).toEqual([['t1', 't2']]);
    const earlier = await radar.details('t1', 't2');
    const tips = first.tasks.map((t) => t.commit!);

    spawned.length = 0;
    expect((await radar.compute('main', tasks)).merges).toBe(0);
    // Nothing moved: the branches are resolved and that is all.
    expect(spawned.map((a) => a[0])).toEqual(['for-each-ref']);

    // Task 2 takes task 1's line (a checkpoint commit): their conflict is gone.
    const moved = commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'one' }) });
    spawned.length = 0;
    const after = await radar.compute('main', tasks);
    expect(after.merges).toBe(2);
    expect(after.pairs.filter((p) => p.conflicts.length)).toEqual([]);
    // One diff for the branch that moved, and merges only of the pairs it is in.
    const diffs = spawned.filter((a) => a[0] === 'diff-tree');
    expect(diffs).toHaveLength(1);
    expect(diffs[0]!.join(' ')).toContain(moved);
    expect(diffs[0]!.join(' ')).not.toMatch(new RegExp(tips.filter((t) => t !== moved).join('|')));
    const merges = spawned.filter((a) => a[0] === 'merge-tree');
    expect(merges).toHaveLength(2);
    for (const m of merges) expect(m).toContain(sideRef('t2'));
    // Besides: the branches resolved, whether the moved one contains main, and the merged commits named.
    expect(spawned.filter((a) => !['diff-tree', 'merge-tree'].includes(a[0]!)).map((a) => a[0])).toEqual([
      'for-each-ref',
      'for-each-ref',
      'update-ref',
    ]);
    // The old pair's line ranges are not offered for the new commits.
    expect(earlier?.conflicts).toHaveLength(1);
    expect(await radar.details('t1', 't2')).toMatchObject({ commitB: moved, conflicts: [] });
  });

  it('keeps its scratch objects between recomputes and removes them on dispose', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }) });
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'two' }) });
    // A limit below one merge's objects: every recompute starts a fresh store.
    const radar = new ConflictRadar({ repo, maxScratchBytes: 1 });
    const stores = () => readdirSync(scratchParent).filter((n) => n.startsWith(`weft-radar-${process.pid}-`));
    const before = stores();
    await radar.compute('main', tasks.slice(0, 2));
    const made = stores().filter((n) => !before.includes(n));
    expect(made).toHaveLength(1);
    // The store the merge wrote to was dropped since: the details merge the pair again.
    commitOn(repo, 'weft/task-3', { 'c.txt': lines('c', { 5: 'three' }) });
    await radar.compute('main', tasks);
    expect(stores().filter((n) => !before.includes(n))).toHaveLength(1);
    expect(await radar.details('t1', 't2')).toMatchObject({
      conflicts: [{ path: 'a.txt', hunks: [{ startLine: 3, endLine: 7 }] }],
    });

    await radar.dispose();
    expect(stores().filter((n) => !before.includes(n))).toEqual([]);
  });

  it('collapses a burst of background refreshes into one recompute with the latest tasks', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }) });
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'two' }) });
    const radar = new ConflictRadar({ repo });
    const running = radar.compute('main', tasks.slice(0, 1));
    const burst = [radar.refresh('main', tasks.slice(0, 1)), radar.refresh('main', tasks.slice(0, 2))];
    await running;
    const [a, b] = await Promise.all(burst);
    expect(a).toBe(b);
    expect(b!.tasks.map((t) => t.taskId)).toEqual(['t1', 't2']);
    expect(b!.pairs.map((p) => [p.a, p.b])).toEqual([['t1', 't2']]);
  });

  it('reports a deleted task branch and a missing base branch clearly', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }) });
    const radar = new ConflictRadar({ repo });
    const report = await radar.compute('main', tasks.slice(0, 2));
    expect(report.tasks[1]).toMatchObject({ taskId: 't2', commit: null, problem: { code: 'branch_missing' } });
    await expect(radar.compute('gone', tasks)).rejects.toMatchObject({ code: 'base_missing' });
  });

  it('reads the git version, so older git gets a clear message', () => {
    expect(parseGitVersion('git version 2.39.5')).toEqual({ major: 2, minor: 39, patch: 5 });
    expect(parseGitVersion('git version 2.37.1 (Apple Git-137.1)')).toEqual({ major: 2, minor: 37, patch: 1 });
  });
});
