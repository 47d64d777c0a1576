import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, isWorktreeRace, repositoryKey } from '../../../src/main/git/git-process';
import { makeRepo, tempDir } from '../../helpers/fixtures';

// git 2.39 writes a new `.git/worktrees/<name>/` entry in steps; any git listing worktrees in
// between dies on its empty `commondir`. A board starting several tasks at once hit this in CI.
describe('worktrees made at the same moment', () => {
  it('all succeed when a board starts many at once (one worktree command at a time in this process)', async () => {
    const repo = makeRepo();
    const place = tempDir();
    // Plain git made 3 of 60 such worktrees fail on this machine when run in parallel.
    const made = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        git(repo, ['worktree', 'add', '--quiet', '-b', `weft/task-${i}`, join(place, `t${i}`), 'main']),
      ),
    );
    const failures = made.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    const listed = execFileSync('git', ['-C', repo, 'worktree', 'list', '--porcelain']).toString();
    expect(listed.match(/^worktree /gm)).toHaveLength(41);
  });

  it('counts a worktree, a subfolder and the top as one repository, and another repository as another', async () => {
    const repo = makeRepo();
    const other = makeRepo('other');
    const worktree = join(tempDir(), 'first');
    await git(repo, ['worktree', 'add', '--quiet', '-b', 'first', worktree, 'main']);
    mkdirSync(join(repo, 'sub'));
    const key = repositoryKey(repo);
    expect(key).toBe(join(repo, '.git'));
    expect(repositoryKey(worktree)).toBe(key);
    expect(repositoryKey(join(repo, 'sub'))).toBe(key);
    expect(repositoryKey(other)).not.toBe(key);
  });

  it("recognises another process's half-made entry, and the failed add leaves no folder behind", async () => {
    const repo = makeRepo();
    // What another git leaves for a moment while it makes a worktree: the entry, commondir still empty.
    const ghost = join(repo, '.git', 'worktrees', 'ghost');
    mkdirSync(ghost, { recursive: true });
    writeFileSync(join(ghost, 'commondir'), '');
    writeFileSync(join(ghost, 'gitdir'), join(tempDir(), 'ghost', '.git') + '\n');
    const path = join(tempDir(), 'task');
    const error = await git(repo, ['worktree', 'add', '--quiet', '-b', 'weft/task-x', path, 'main']).catch(
      (e: unknown) => e,
    );
    expect(isWorktreeRace(error)).toBe(true);
    expect(existsSync(path)).toBe(false);
    // An ordinary failure is not mistaken for it.
    rmSync(ghost, { recursive: true });
    const other = await git(repo, ['worktree', 'add', '--quiet', path, 'no-such-branch']).catch((e: unknown) => e);
    expect(isWorktreeRace(other)).toBe(false);
  });
});
