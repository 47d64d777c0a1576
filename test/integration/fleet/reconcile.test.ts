import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  recreateWorktree,
  reconcile,
  removeStrayWorktree,
  type BoardTask,
} from '../../../src/main/fleet/git/reconcile';
import { archiveTask, recoverTask, removeTask } from '../../../src/main/fleet/git/task-archive';
import { parseWorktreeList } from '../../../src/main/fleet/git/worktree-list';
import { tempDir } from '../../helpers/fixtures';
import { fleetRepo, g, lines, writeFiles } from './radar-helpers';

function setup() {
  const repo = fleetRepo();
  const worktreesDir = join(tempDir('weft-wt-'), 'worktrees');
  mkdirSync(worktreesDir);
  const place = { repo, trusted: false, worktreesDir };
  const task = (n: number, files: Record<string, string> = { [`t${n}.txt`]: `${n}\n` }): BoardTask => {
    const path = join(worktreesDir, `task-${n}`);
    g(repo, 'worktree', 'add', '-q', '-b', `weft/task-${n}`, path, 'main');
    writeFiles(path, files);
    g(path, 'add', '-A');
    g(path, 'commit', '-q', '-m', `task ${n}`);
    return {
      taskId: `${n}`,
      branch: `weft/task-${n}`,
      worktreePath: path,
      lastKnownCommit: g(path, 'rev-parse', 'HEAD'),
    };
  };
  return { repo, worktreesDir, place, task };
}

describe('reconciling tasks with git', () => {
  it('finds deleted, moved and stray worktrees and deleted or rewritten branches', async () => {
    const { repo, worktreesDir, place, task } = setup();
    const ok = task(1);
    const deleted = task(2);
    const moved = task(3);
    const branchGone = task(4);
    const rewritten = task(5);
    task(6); // unknown to the board: a stray worktree
    g(repo, 'branch', 'weft/task-7', 'main'); // a stray branch

    rmSync(deleted.worktreePath!, { recursive: true, force: true });
    const movedTo = join(tempDir('weft-moved-'), 'elsewhere');
    g(repo, 'worktree', 'move', moved.worktreePath!, movedTo);
    g(repo, 'worktree', 'remove', '--force', branchGone.worktreePath!);
    g(repo, 'branch', '-D', 'weft/task-4');
    g(rewritten.worktreePath!, 'commit', '-q', '--amend', '-m', 'rewritten outside Weft');

    const findings = await reconcile(place, [ok, deleted, moved, branchGone, { ...rewritten }]);

    expect(findings).toHaveLength(7);
    expect(findings).toEqual(
      expect.arrayContaining([
        { kind: 'worktree_missing', taskId: '2', path: deleted.worktreePath, branch: 'weft/task-2', recreatable: true },
        { kind: 'worktree_moved', taskId: '3', from: moved.worktreePath, to: movedTo, mainTree: false },
        { kind: 'branch_missing', taskId: '4', branch: 'weft/task-4', archived: false },
        expect.objectContaining({ kind: 'worktree_missing', taskId: '4' }),
        {
          kind: 'branch_rewritten',
          taskId: '5',
          branch: 'weft/task-5',
          expected: rewritten.lastKnownCommit,
          actual: g(repo, 'rev-parse', 'weft/task-5'),
        },
        expect.objectContaining({
          kind: 'stray_worktree',
          path: join(worktreesDir, 'task-6'),
          branch: 'weft/task-6',
          gone: false,
        }),
        { kind: 'stray_branch', branch: 'weft/task-7', commit: g(repo, 'rev-parse', 'main') },
      ]),
    );
    // Reconciling changed nothing: the stray worktree and both stray branches are still there.
    expect(existsSync(join(worktreesDir, 'task-6'))).toBe(true);
    expect(g(repo, 'branch', '--list', 'weft/task-7')).not.toBe('');

    await recreateWorktree(place, { ...deleted, worktreePath: deleted.worktreePath! });
    expect(readFileSync(join(deleted.worktreePath!, 't2.txt'), 'utf8')).toBe('2\n');
    expect(
      (await reconcile(place, [deleted])).filter((f) => f.kind !== 'stray_worktree' && f.kind !== 'stray_branch'),
    ).toEqual([]);
  });

  it('archives committed and uncommitted work before removing a task, and recovers it', async () => {
    const { repo, place, task } = setup();
    const t = task(1, { 'a.txt': lines('a', { 1: 'committed' }) });
    const path = t.worktreePath!;
    writeFileSync(join(path, 'a.txt'), lines('a', { 1: 'committed', 2: 'not yet' }));
    writeFileSync(join(path, 'new.txt'), 'untracked\n');
    const tip = t.lastKnownCommit!;

    const archived = await removeTask(place, t);

    expect(archived).toMatchObject({ ref: 'refs/weft/archive/task-1', uncommitted: true });
    expect(existsSync(path)).toBe(false);
    expect(g(repo, 'branch', '--list', 'weft/task-1')).toBe('');
    expect(g(repo, 'rev-parse', 'refs/weft/archive/task-1^')).toBe(tip);

    const recovered = await recoverTask(place, { ...t, worktreePath: path });

    expect(recovered).toMatchObject({ commit: tip, restoredUncommitted: true });
    expect(g(repo, 'rev-parse', 'weft/task-1')).toBe(tip);
    expect(readFileSync(join(path, 'a.txt'), 'utf8')).toBe(lines('a', { 1: 'committed', 2: 'not yet' }));
    expect(readFileSync(join(path, 'new.txt'), 'utf8')).toBe('untracked\n');
    // Back as uncommitted changes, not as a commit on the branch.
    expect(g(path, 'diff', '--name-only')).toBe('a.txt');
    expect(g(path, 'diff', '--cached', '--name-only')).toBe('');
    expect(g(path, 'ls-files', '--others', '--exclude-standard')).toBe('new.txt');
  });

  it('refuses to remove anything when the archive cannot be written', async () => {
    const { repo, place, task } = setup();
    const t = task(1);
    writeFileSync(join(t.worktreePath!, 'work.txt'), 'precious\n');
    // Another git holds the archive ref's lock.
    mkdirSync(join(repo, '.git', 'refs', 'weft', 'archive'), { recursive: true });
    writeFileSync(join(repo, '.git', 'refs', 'weft', 'archive', 'task-1.lock'), '');

    await expect(removeTask(place, t)).rejects.toMatchObject({ code: 'archive_failed' });
    expect(readFileSync(join(t.worktreePath!, 'work.txt'), 'utf8')).toBe('precious\n');
    expect(g(repo, 'rev-parse', 'weft/task-1')).toBe(t.lastKnownCommit);
  });

  it('keeps an earlier archive the new one does not contain, and archives a stray before removing it', async () => {
    const { repo, worktreesDir, place, task } = setup();
    const t = task(1);
    const first = (await archiveTask(place, t))!.commit;
    g(t.worktreePath!, 'reset', '-q', '--hard', 'main');
    writeFileSync(join(t.worktreePath!, 'other.txt'), 'other\n');
    await archiveTask(place, t);
    expect(g(repo, 'for-each-ref', '--format=%(objectname)', 'refs/weft/archive-previous/')).toBe(first);

    const stray = task(2);
    await removeStrayWorktree(place, { path: join(worktreesDir, 'task-2'), branch: 'weft/task-2' });
    expect(existsSync(stray.worktreePath!)).toBe(false);
    expect(g(repo, 'rev-parse', 'refs/weft/archive/task-stray-task-2')).toBe(stray.lastKnownCommit);
  });

  it('parses git worktree list --porcelain -z', () => {
    const text =
      'worktree /r\0HEAD aaa\0branch refs/heads/main\0\0worktree /w\0HEAD bbb\0detached\0prunable gitdir file points to non-existent location\0\0';
    expect(parseWorktreeList(text)).toEqual([
      { path: '/r', head: 'aaa', branch: 'refs/heads/main', bare: false, main: true, prunable: false, locked: false },
      { path: '/w', head: 'bbb', branch: null, bare: false, main: false, prunable: true, locked: false },
    ]);
  });
});
