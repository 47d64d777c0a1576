import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunWorkspaces } from '../../src/main/agent/workspace/run-workspaces';
import { LogService } from '../../src/main/logging/logger';
import { makeRepo, tempDir } from '../helpers/fixtures';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', ...args]).toString();

const opened: RunWorkspaces[] = [];
afterEach(() => {
  for (const w of opened.splice(0)) w.dispose();
});

/** A repository with three files on main and a fresh RunWorkspaces over a temp data dir. */
function setup() {
  const repo = makeRepo();
  writeFileSync(join(repo, 'a.txt'), 'alpha\n');
  writeFileSync(join(repo, 'b.txt'), 'bravo\n');
  writeFileSync(join(repo, 'c.txt'), 'charlie\n');
  writeFileSync(join(repo, '.gitignore'), 'build/\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'three files');
  const home = join(tempDir(), 'data', 'worktrees');
  const ws = new RunWorkspaces(home, new LogService({ level: 'silent' }).logger);
  opened.push(ws);
  return { repo, ws, home };
}

/** The user's tree as `git status` shows it, plus what HEAD is. */
const userState = (repo: string) => ({
  status: git(repo, 'status', '--porcelain', '--untracked-files=all'),
  head: git(repo, 'rev-parse', 'HEAD').trim(),
  branch: git(repo, 'branch', '--show-current').trim(),
});

describe('RunWorkspaces: isolation, checkpoints, rollback', () => {
  it('runs in its own worktree, checkpoints steps, rolls back and undoes, never touching the user tree', async () => {
    const { repo, ws, home } = setup();
    // The user has work in progress: an edit and an untracked file.
    writeFileSync(join(repo, 'a.txt'), 'alpha, edited by the user\n');
    writeFileSync(join(repo, 'notes.md'), 'mine\n');
    const before = userState(repo);

    const created = await ws.create({ projectRoot: repo, runId: 'run000001' });
    expect(created).toMatchObject({ branch: 'weft/run000001', baseBranch: 'main', dirtyAtStart: true });
    expect(created.path).toBe(join(home, 'run000001'));
    expect(created.baseCommit).toBe(before.head);
    // The user's uncommitted work is not carried into the run.
    expect(readFileSync(join(created.path, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(existsSync(join(created.path, 'notes.md'))).toBe(false);

    expect(await ws.checkpoint({ path: created.path, message: 'nothing' })).toBeNull();

    // Step 1: edit one file, add one.
    writeFileSync(join(created.path, 'b.txt'), 'bravo\nbravo 2\n');
    writeFileSync(join(created.path, 'new.ts'), 'export const x = 1;\n');
    mkdirSync(join(created.path, 'build'));
    writeFileSync(join(created.path, 'build', 'out.js'), 'ignored\n');
    const live = await ws.changes({ path: created.path, from: created.baseCommit, to: null });
    expect(live.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
      ['b.txt', 'modified', 1, 0],
      ['new.ts', 'added', 1, 0],
    ]);
    const step1 = await ws.checkpoint({ path: created.path, message: 'Step 1: edit b, add new.ts' });
    expect(step1?.files.map((f) => f.path)).toEqual(['b.txt', 'new.ts']);
    // The checkpoint is a commit by Weft on the run branch, without needing the user's identity.
    expect(git(created.path, 'log', '-1', '--format=%an <%ae>|%s').trim()).toBe(
      'Weft Agent <agent@weft.invalid>|Step 1: edit b, add new.ts',
    );
    expect(git(repo, 'rev-parse', 'weft/run000001').trim()).toBe(step1!.commit);

    // Step 2: delete a file, rename another, write a binary one.
    rmSync(join(created.path, 'c.txt'));
    git(created.path, 'mv', 'new.ts', 'renamed.ts');
    writeFileSync(join(created.path, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    const step2 = await ws.checkpoint({ path: created.path, message: 'Step 2' });
    expect(step2!.files).toEqual([
      { path: 'blob.bin', oldPath: null, status: 'added', additions: 0, deletions: 0, binary: true },
      { path: 'c.txt', oldPath: null, status: 'deleted', additions: 0, deletions: 1, binary: false },
      { path: 'renamed.ts', oldPath: 'new.ts', status: 'renamed', additions: 0, deletions: 0, binary: false },
    ]);

    // Per step and overall.
    expect((await ws.changes({ path: created.path, from: step1!.commit, to: step2!.commit })).length).toBe(3);
    const overall = await ws.changes({ path: created.path, from: created.baseCommit, to: step2!.commit });
    expect(overall.map((f) => [f.path, f.status])).toEqual([
      ['b.txt', 'modified'],
      ['blob.bin', 'added'],
      ['c.txt', 'deleted'],
      ['renamed.ts', 'added'],
    ]);

    // Both sides of a file for the diff view; a rename reads the old name on the left.
    expect(
      await ws.fileVersions({ path: created.path, from: created.baseCommit, to: step1!.commit, file: 'b.txt' }),
    ).toEqual({ path: 'b.txt', original: 'bravo\n', modified: 'bravo\nbravo 2\n', binary: false });
    expect(
      await ws.fileVersions({ path: created.path, from: step1!.commit, to: step2!.commit, file: 'renamed.ts' }),
    ).toMatchObject({ original: 'export const x = 1;\n', modified: 'export const x = 1;\n' });
    expect(
      await ws.fileVersions({ path: created.path, from: step1!.commit, to: step2!.commit, file: 'c.txt' }),
    ).toMatchObject({ original: 'charlie\n', modified: null });
    expect(
      await ws.fileVersions({ path: created.path, from: step1!.commit, to: null, file: 'blob.bin' }),
    ).toMatchObject({ binary: true, original: null, modified: null });

    // Uncommitted work, then roll back to step 1: the work is saved first, so nothing is lost.
    writeFileSync(join(created.path, 'b.txt'), 'unsaved\n');
    const { fromCommit } = await ws.rollback({ path: created.path, to: step1!.commit });
    expect(fromCommit).not.toBe(step2!.commit);
    expect(git(created.path, 'log', '-1', '--format=%s', fromCommit).trim()).toMatch(/before a rollback/);
    expect(git(created.path, 'rev-parse', 'HEAD').trim()).toBe(step1!.commit);
    expect(readFileSync(join(created.path, 'c.txt'), 'utf8')).toBe('charlie\n');
    expect(existsSync(join(created.path, 'blob.bin'))).toBe(false);
    expect(readFileSync(join(created.path, 'b.txt'), 'utf8')).toBe('bravo\nbravo 2\n');
    // Ignored build output is never cleaned.
    expect(existsSync(join(created.path, 'build', 'out.js'))).toBe(true);

    // Undo the rollback: back to where it was, unsaved edit included.
    const undone = await ws.undo({ path: created.path, to: fromCommit });
    expect(undone.fromCommit).toBe(step1!.commit);
    expect(git(created.path, 'rev-parse', 'HEAD').trim()).toBe(fromCommit);
    expect(readFileSync(join(created.path, 'b.txt'), 'utf8')).toBe('unsaved\n');
    expect(existsSync(join(created.path, 'blob.bin'))).toBe(true);
    // And the undo itself can be undone.
    await ws.undo({ path: created.path, to: undone.fromCommit });
    expect(git(created.path, 'rev-parse', 'HEAD').trim()).toBe(step1!.commit);

    // Nothing of this reached the user's tree.
    expect(userState(repo)).toEqual(before);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('alpha, edited by the user\n');
  });

  it('refuses folders that are no repository, a repository without commits, and reused run ids', async () => {
    const { repo, ws } = setup();
    const plain = tempDir();
    await expect(ws.create({ projectRoot: plain, runId: 'run000002' })).rejects.toMatchObject({
      code: 'not_a_git_repository',
    });
    const empty = join(tempDir(), 'empty');
    execFileSync('git', ['init', '-q', empty]);
    await expect(ws.create({ projectRoot: empty, runId: 'run000002' })).rejects.toMatchObject({
      message: expect.stringMatching(/no commits yet/),
    });
    await expect(ws.create({ projectRoot: repo, runId: '../evil' })).rejects.toMatchObject({ code: 'invalid_input' });
    await ws.create({ projectRoot: repo, runId: 'run000002' });
    await expect(ws.create({ projectRoot: repo, runId: 'run000002' })).rejects.toMatchObject({
      code: 'already_exists',
    });
  });

  it('refuses bad refs, commits outside the run and paths outside the worktree', async () => {
    const { repo, ws, home } = setup();
    const run = await ws.create({ projectRoot: repo, runId: 'run000003' });
    writeFileSync(join(run.path, 'a.txt'), 'changed\n');
    const cp = await ws.checkpoint({ path: run.path, message: 'one' });
    for (const bad of ['--upload-pack=x', 'HEAD:..', 'a b']) {
      await expect(ws.changes({ path: run.path, from: bad, to: null })).rejects.toMatchObject({ code: 'invalid_ref' });
      await expect(ws.rollback({ path: run.path, to: bad })).rejects.toMatchObject({ code: 'invalid_ref' });
    }
    await expect(ws.rollback({ path: run.path, to: 'deadbeefdeadbeef' })).rejects.toMatchObject({
      code: 'checkpoint_not_found',
    });
    // A commit made on the user's branch after the run started is not in the run's history...
    writeFileSync(join(repo, 'c.txt'), 'user commit\n');
    git(repo, 'commit', '-qam', 'user work');
    await expect(ws.rollback({ path: run.path, to: git(repo, 'rev-parse', 'HEAD').trim() })).rejects.toMatchObject({
      code: 'checkpoint_not_found',
    });
    // ...nor is anything before the run's start.
    await expect(ws.rollback({ path: run.path, to: `${run.baseCommit}~1` })).rejects.toMatchObject({
      code: 'checkpoint_not_found',
    });
    await ws.rollback({ path: run.path, to: run.baseCommit });
    await ws.undo({ path: run.path, to: cp!.commit });

    // Worktree paths must be Weft's run worktrees; files must stay inside them.
    await expect(ws.checkpoint({ path: repo, message: 'x' })).rejects.toMatchObject({ code: 'path_outside_project' });
    await expect(ws.checkpoint({ path: join(home, '..'), message: 'x' })).rejects.toMatchObject({
      code: 'path_outside_project',
    });
    symlinkSync(repo, join(home, 'run000099'));
    await expect(ws.checkpoint({ path: join(home, 'run000099'), message: 'x' })).rejects.toMatchObject({
      code: 'path_outside_project',
    });
    for (const file of ['../../x', '/etc/passwd', '.git/config']) {
      await expect(ws.fileVersions({ path: run.path, from: run.baseCommit, to: null, file })).rejects.toMatchObject({
        code: 'path_outside_project',
      });
    }
  });
});
