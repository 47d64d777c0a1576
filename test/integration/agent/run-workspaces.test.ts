import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunWorkspaces } from '../../../src/main/agent/workspace/run-workspaces';
import { unpinGitDir } from '../../../src/main/git/git-process';
import { LogService } from '../../../src/main/logging/logger';
import { makeRepo, tempDir } from '../../helpers/fixtures';

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

    // Too large to show as text: flagged, not read.
    writeFileSync(join(created.path, 'huge.txt'), 'x'.repeat(6 * 1024 * 1024));
    expect(await ws.fileVersions({ path: created.path, from: step2!.commit, to: null, file: 'huge.txt' })).toEqual({
      path: 'huge.txt',
      original: null,
      modified: null,
      binary: true,
    });
    rmSync(join(created.path, 'huge.txt'));

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

/** A run that edited a.txt and b.txt and added d.txt, checkpointed. */
async function runWithChanges(ws: RunWorkspaces, repo: string, runId: string) {
  const run = await ws.create({ projectRoot: repo, runId });
  writeFileSync(join(run.path, 'a.txt'), 'alpha by the agent\n');
  writeFileSync(join(run.path, 'b.txt'), 'bravo by the agent\n');
  writeFileSync(join(run.path, 'd.txt'), 'delta\n');
  const cp = await ws.checkpoint({ path: run.path, message: 'agent step' });
  return { run, cp: cp! };
}

describe('RunWorkspaces: review', () => {
  it('merges the run into the base branch, then removes the worktree and branch', async () => {
    const { repo, ws } = setup();
    const { run } = await runWithChanges(ws, repo, 'run000010');
    // The user keeps working meanwhile: a commit in another file and an unrelated uncommitted edit.
    writeFileSync(join(repo, 'c.txt'), 'charlie by the user\n');
    git(repo, 'commit', '-qam', 'user work');
    writeFileSync(join(repo, 'README.md'), '# still editing\n');

    // Not removable before it is merged.
    await expect(ws.remove({ projectRoot: repo, path: run.path, branch: run.branch })).rejects.toMatchObject({
      code: 'unmerged_changes',
    });
    const { commit } = await ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(commit);
    expect(git(repo, 'log', '-1', '--format=%P', commit).trim().split(' ')).toHaveLength(2);
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('alpha by the agent\n');
    expect(readFileSync(join(repo, 'd.txt'), 'utf8')).toBe('delta\n');
    expect(readFileSync(join(repo, 'c.txt'), 'utf8')).toBe('charlie by the user\n');
    expect(git(repo, 'status', '--porcelain').trim()).toBe('M README.md');

    await ws.remove({ projectRoot: repo, path: run.path, branch: run.branch });
    expect(existsSync(run.path)).toBe(false);
    expect(git(repo, 'branch', '--list', 'weft/*').trim()).toBe('');
    expect(await ws.list(repo)).toEqual([]);
  });

  it('refuses to merge over uncommitted edits to the same files, into another branch, or with conflicts', async () => {
    const { repo, ws } = setup();
    const { run } = await runWithChanges(ws, repo, 'run000011');

    writeFileSync(join(repo, 'b.txt'), 'user edit, uncommitted\n');
    writeFileSync(join(repo, 'd.txt'), 'user file, untracked\n');
    const dirty = userState(repo);
    await expect(ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' })).rejects.toMatchObject({
      code: 'uncommitted_changes',
      message: expect.stringMatching(/^b\.txt, d\.txt have uncommitted changes/),
    });
    expect(userState(repo)).toEqual(dirty);

    // The user commits a conflicting edit: the merge is refused and the tree stays as it was.
    rmSync(join(repo, 'd.txt'));
    git(repo, 'commit', '-qam', 'user edits b');
    writeFileSync(join(repo, 'notes.md'), 'untracked, unrelated\n');
    const before = userState(repo);
    await expect(ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' })).rejects.toMatchObject({
      code: 'merge_conflict',
      message: expect.stringContaining('b.txt'),
    });
    expect(userState(repo)).toEqual(before);
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toBe('user edit, uncommitted\n');
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(false);

    git(repo, 'switch', '-q', '-c', 'other');
    await expect(ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' })).rejects.toMatchObject({
      message: expect.stringMatching(/started from main, but other is checked out/),
    });
    await expect(ws.merge({ projectRoot: repo, branch: '--force', baseBranch: 'main' })).rejects.toMatchObject({
      code: 'invalid_ref',
    });
    // Still unmerged: removal is refused, the work survives.
    await expect(ws.remove({ projectRoot: repo, path: run.path, branch: run.branch })).rejects.toMatchObject({
      code: 'unmerged_changes',
    });
    expect(existsSync(run.path)).toBe(true);
  });

  it('refuses to merge a run that commits over a file the user keeps ignored (a .env)', async () => {
    const { repo, ws } = setup();
    writeFileSync(join(repo, '.gitignore'), '.env\n');
    git(repo, 'add', '.gitignore');
    git(repo, 'commit', '-qm', 'ignore .env');
    writeFileSync(join(repo, '.env'), 'SECRET=user\n');
    const run = await ws.create({ projectRoot: repo, runId: 'run000077' });
    writeFileSync(join(run.path, '.gitignore'), '');
    writeFileSync(join(run.path, '.env'), 'SECRET=model\n');
    await ws.checkpoint({ path: run.path, message: 'Step 1: publish .env' });
    await expect(ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' })).rejects.toMatchObject({
      code: 'uncommitted_changes',
      message: expect.stringContaining('.env is an ignored file'),
    });
    expect(readFileSync(join(repo, '.env'), 'utf8')).toBe('SECRET=user\n');
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toBe('.env\n');
  });

  it('cherry-picks two of three files onto the user tree as uncommitted changes', async () => {
    const { repo, ws } = setup();
    const { run } = await runWithChanges(ws, repo, 'run000012');
    writeFileSync(join(repo, 'notes.md'), 'mine\n');
    const headBefore = git(repo, 'rev-parse', 'HEAD').trim();

    await expect(
      ws.cherryPick({ projectRoot: repo, path: run.path, baseCommit: run.baseCommit, files: ['c.txt'] }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('did not change c.txt') });
    await expect(
      ws.cherryPick({ projectRoot: repo, path: run.path, baseCommit: run.baseCommit, files: ['../outside'] }),
    ).rejects.toMatchObject({ code: 'path_outside_project' });

    const result = await ws.cherryPick({
      projectRoot: repo,
      path: run.path,
      baseCommit: run.baseCommit,
      files: ['a.txt', 'd.txt'],
    });
    expect(result).toEqual({ applied: ['a.txt', 'd.txt'], conflicted: [] });
    expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('alpha by the agent\n');
    expect(readFileSync(join(repo, 'd.txt'), 'utf8')).toBe('delta\n');
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toBe('bravo\n');
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(headBefore);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe(' M a.txt\n?? d.txt\n?? notes.md\n');

    // Now a.txt has local changes: picking it again is refused.
    await expect(
      ws.cherryPick({ projectRoot: repo, path: run.path, baseCommit: run.baseCommit, files: ['a.txt'] }),
    ).rejects.toMatchObject({ code: 'uncommitted_changes', message: expect.stringContaining('a.txt') });
  });

  it('cherry-picks with a three-way apply when the user changed the file since, naming conflicts', async () => {
    const { repo, ws } = setup();
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    writeFileSync(join(repo, 'long.txt'), lines.join('\n') + '\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'long file');
    const run = await ws.create({ projectRoot: repo, runId: 'run000013' });
    writeFileSync(join(run.path, 'long.txt'), ['line 1 agent', ...lines.slice(1)].join('\n') + '\n');
    writeFileSync(join(run.path, 'b.txt'), 'bravo by the agent\n');
    await ws.checkpoint({ path: run.path, message: 'step' });
    // The user changed other lines of long.txt and the same line of b.txt, committed.
    writeFileSync(join(repo, 'long.txt'), [...lines.slice(0, 19), 'line 20 user'].join('\n') + '\n');
    writeFileSync(join(repo, 'b.txt'), 'bravo by the user\n');
    git(repo, 'commit', '-qam', 'user');

    const result = await ws.cherryPick({
      projectRoot: repo,
      path: run.path,
      baseCommit: run.baseCommit,
      files: ['long.txt', 'b.txt'],
    });
    expect(result).toEqual({ applied: ['long.txt'], conflicted: ['b.txt'] });
    const merged = readFileSync(join(repo, 'long.txt'), 'utf8');
    expect(merged).toContain('line 1 agent');
    expect(merged).toContain('line 20 user');
    expect(readFileSync(join(repo, 'b.txt'), 'utf8')).toContain('<<<<<<<');
  });

  it('keeps a run as a branch (worktree gone, work kept) and discards another entirely', async () => {
    const { repo, ws, home } = setup();
    const kept = await runWithChanges(ws, repo, 'run000014');
    writeFileSync(join(kept.run.path, 'late.txt'), 'not yet checkpointed\n');
    const gone = await runWithChanges(ws, repo, 'run000015');
    const before = userState(repo);

    expect((await ws.list(repo)).map((r) => [r.runId, r.path, r.baseCommit])).toEqual([
      ['run000014', join(home, 'run000014'), kept.run.baseCommit],
      ['run000015', join(home, 'run000015'), gone.run.baseCommit],
    ]);

    const { branch, commit } = await ws.keepAsBranch({
      projectRoot: repo,
      path: kept.run.path,
      branch: kept.run.branch,
    });
    expect(branch).toBe('weft/run000014');
    expect(existsSync(kept.run.path)).toBe(false);
    expect(git(repo, 'show', `${commit}:late.txt`)).toBe('not yet checkpointed\n');
    expect(await ws.exists(kept.run.path)).toBe(false);

    // Discard is refused for a branch that is not this run's.
    await expect(
      ws.discard({ projectRoot: repo, path: gone.run.path, branch: 'weft/run000014' }),
    ).rejects.toMatchObject({ code: 'invalid_ref' });
    await expect(ws.discard({ projectRoot: repo, path: repo, branch: 'main' })).rejects.toMatchObject({
      code: 'path_outside_project',
    });
    await ws.discard({ projectRoot: repo, path: gone.run.path, branch: gone.run.branch });
    expect(existsSync(gone.run.path)).toBe(false);
    expect(git(repo, 'branch', '--list', 'weft/*').trim()).toBe('weft/run000014');

    expect(await ws.list(repo)).toEqual([
      {
        runId: 'run000014',
        branch: 'weft/run000014',
        path: null,
        head: commit,
        baseCommit: null,
        baseBranch: null,
        missing: false,
      },
    ]);
    expect(userState(repo)).toEqual(before);
    // Discarding what is already gone is harmless; the kept branch can be discarded later.
    await ws.discard({ projectRoot: repo, path: gone.run.path, branch: gone.run.branch });
    await ws.discard({ projectRoot: repo, path: kept.run.path, branch: kept.run.branch });
    expect(git(repo, 'branch', '--list', 'weft/*').trim()).toBe('');
  });

  it("works without a git identity or hooks: checkpoints and merges with Weft's identity, hooks not run", async () => {
    const { repo, ws } = setup();
    const hooks = join(repo, '.git', 'hooks');
    const marker = join(tempDir(), 'hook-ran');
    for (const hook of ['post-checkout', 'pre-commit', 'commit-msg', 'post-commit']) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\necho ${hook} >> '${marker}'\nexit 1\n`, { mode: 0o755 });
    }
    const home = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
    process.env.HOME = tempDir();
    process.env.XDG_CONFIG_HOME = process.env.HOME;
    try {
      const { run } = await runWithChanges(ws, repo, 'run000016');
      expect(git(run.path, 'log', '-1', '--format=%cn').trim()).toBe('Weft Agent');
      const { commit } = await ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' });
      expect(git(repo, 'log', '-1', '--format=%an|%s', commit).trim()).toBe(
        'Weft Agent|Merge weft/run000016 (Weft agent run) into main',
      );
      // Kept as a branch after the merge, it can still be removed: its work is in main.
      await ws.keepAsBranch({ projectRoot: repo, path: run.path, branch: run.branch });
      await ws.remove({ projectRoot: repo, path: run.path, branch: run.branch });
      expect(git(repo, 'branch', '--list', 'weft/*').trim()).toBe('');
    } finally {
      Object.assign(process.env, home);
      if (home.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
    }
    expect(existsSync(marker)).toBe(false);
    // The hooks are live: the user's own commit runs (and is stopped by) them.
    expect(() => git(repo, 'commit', '--allow-empty', '-qm', 'user')).toThrow();
    expect(readFileSync(marker, 'utf8')).toBe('pre-commit\n');
  });

  it("keeps to the git folder it created when the run rewrites its worktree's .git link, also after a restart", async () => {
    const { repo, ws, home } = setup();
    const run = await ws.create({ projectRoot: repo, runId: 'run000017' });
    // A repository of the run's making, with config that would run a program.
    const evil = makeRepo('evil');
    const marker = join(tempDir(), 'ran');
    git(evil, 'config', 'core.fsmonitor', `echo fsmonitor >> '${marker}'; false`);
    writeFileSync(join(run.path, '.git'), `gitdir: ${join(evil, '.git')}\n`);
    writeFileSync(join(run.path, 'a.txt'), 'alpha, by the run\n');
    const step = await ws.checkpoint({ path: run.path, message: 'through the real git folder' });
    expect(step?.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(git(repo, 'log', '-1', '--format=%s', run.branch).trim()).toBe('through the real git folder');
    expect(git(evil, 'log', '--format=%s').trim()).toBe('initial');

    // A new Weft finds the git folder again from the repository's side, not from the link.
    unpinGitDir(run.path);
    const again = new RunWorkspaces(home, new LogService({ level: 'silent' }).logger);
    opened.push(again);
    writeFileSync(join(run.path, 'b.txt'), 'bravo, by the run\n');
    expect((await again.checkpoint({ path: run.path, message: 'after a restart' }))?.files.map((f) => f.path)).toEqual([
      'b.txt',
    ]);
    expect(git(repo, 'log', '-1', '--format=%s', run.branch).trim()).toBe('after a restart');
    expect(existsSync(marker)).toBe(false);
    await again.discard({ projectRoot: repo, path: run.path, branch: run.branch });
    expect(git(repo, 'branch', '--list', 'weft/*').trim()).toBe('');
  });
});
