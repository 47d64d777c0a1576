import { describe, expect, it } from 'vitest';
import { BASE, ConflictRadar } from '../../../src/main/fleet/git/radar';
import { parseGitVersion } from '../../../src/main/fleet/git/git-version';
import { commitOn, fleetRepo, g, lines } from './radar-helpers';

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
    expect(pair.conflicts).toEqual([{ path: 'a.txt', hunks: [{ startLine: 3, endLine: 7 }] }]);
    expect(report.merges).toBe(1);
    // Nothing was written: no object, no ref, no change in the checkout.
    expect(g(repo, 'count-objects')).toBe(objectsBefore);
    expect(g(repo, 'for-each-ref', '--format=%(refname)')).not.toMatch(/merge|weft\/(?!task)/);
    expect(g(repo, 'status', '--porcelain')).toBe('');
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
        conflicts: [expect.objectContaining({ path: 'a.txt' })],
      }),
    ]);
  });

  it('after one branch moves, merges again only the pairs that involve it', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': lines('a', { 3: 'one' }) });
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'two' }) });
    commitOn(repo, 'weft/task-3', { 'a.txt': lines('a', { 8: 'three' }) });
    const radar = new ConflictRadar({ repo });
    const first = await radar.compute('main', tasks);
    expect(first.merges).toBe(3);
    expect(first.pairs.filter((p) => p.conflicts.length).map((p) => [p.a, p.b])).toEqual([['t1', 't2']]);

    expect((await radar.compute('main', tasks)).merges).toBe(0);

    // Task 2 takes task 1's line (a checkpoint commit): their conflict is gone.
    commitOn(repo, 'weft/task-2', { 'a.txt': lines('a', { 3: 'one' }) });
    const after = await radar.compute('main', tasks);
    expect(after.merges).toBe(2);
    expect(after.pairs.filter((p) => p.conflicts.length)).toEqual([]);
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
