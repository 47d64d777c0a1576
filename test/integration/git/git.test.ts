import { execFileSync } from 'node:child_process';
import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Commit, RepoStatus } from '../../../src/shared/domain/git';
import { call, ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { until } from '../../helpers/until';

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', ...args]).toString();

function configure(repo: string): void {
  gitIn(repo, 'config', 'user.name', 'Weft Test');
  gitIn(repo, 'config', 'user.email', 'test@weft.invalid');
}

describe('git panel operations', () => {
  it('shows a change, stages it, commits it and lists it in the log', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const id = await openProject(b, repo);
    writeFileSync(join(repo, 'README.md'), '# changed\n');
    writeFileSync(join(repo, 'new file.ts'), 'export {};\n');
    const before = await ok<RepoStatus>(b, 'git.status', { projectId: id });
    expect(before.branch).toBe('main');
    expect(before.entries.map((e) => [e.path, e.index, e.worktree])).toEqual([
      ['README.md', '.', 'M'],
      ['new file.ts', '?', '?'],
    ]);
    await ok(b, 'git.stage', { projectId: id, paths: ['README.md', 'new file.ts'] });
    const staged = await ok<RepoStatus>(b, 'git.status', { projectId: id });
    expect(staged.entries.map((e) => [e.path, e.index])).toEqual([
      ['README.md', 'M'],
      ['new file.ts', 'A'],
    ]);
    await ok(b, 'git.unstage', { projectId: id, paths: ['new file.ts'] });
    const { hash } = await ok<{ hash: string }>(b, 'git.commit', {
      projectId: id,
      message: 'Change the readme',
      amend: false,
    });
    const log = await ok<Commit[]>(b, 'git.log', { projectId: id, limit: 10, rev: null });
    expect(log[0]).toMatchObject({ hash, subject: 'Change the readme', author: 'Weft Test' });
    expect(log).toHaveLength(2);
    expect(await call(b, 'git.commit', { projectId: id, message: 'again', amend: false })).toMatchObject({
      error: { code: 'nothing_to_commit' },
    });
    await ok(b, 'git.commit', { projectId: id, message: 'Change the readme, amended', amend: true });
    expect((await ok<Commit[]>(b, 'git.log', { projectId: id, limit: 10, rev: null }))[0]?.subject).toBe(
      'Change the readme, amended',
    );
  });

  it('reads status without rewriting the index, so it never holds the lock a commit or merge needs', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const id = await openProject(b, repo);
    // Same content, new mtime: plain `git status` would refresh the index and write it back.
    const file = join(repo, 'README.md');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const index = join(repo, '.git', 'index');
    const before = statSync(index);
    const status = await ok<RepoStatus>(b, 'git.status', { projectId: id });
    expect(status.entries).toEqual([]);
    const after = statSync(index);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('stages a single hunk from a patch, leaving the rest unstaged', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    writeFileSync(join(repo, 'f.txt'), lines.join('\n') + '\n');
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-qm', 'f');
    const id = await openProject(b, repo);
    const changed = [...lines];
    changed[1] = 'line 2 CHANGED';
    changed[27] = 'line 28 CHANGED';
    writeFileSync(join(repo, 'f.txt'), changed.join('\n') + '\n');
    const full = gitIn(repo, 'diff', '-U1', '--', 'f.txt');
    const hunkStart = full.indexOf('@@');
    const secondHunk = full.indexOf('\n@@', hunkStart) + 1;
    const [header, firstHunk] = [full.slice(0, hunkStart), full.slice(hunkStart, secondHunk)];
    await ok(b, 'git.applyPatch', { projectId: id, patch: header + firstHunk, reverse: false });
    const cached = gitIn(repo, 'diff', '--cached');
    expect(cached).toContain('+line 2 CHANGED');
    expect(cached).not.toContain('line 28 CHANGED');
    await ok(b, 'git.applyPatch', { projectId: id, patch: header + firstHunk, reverse: true });
    expect(gitIn(repo, 'diff', '--cached')).toBe('');
  });

  it('creates and switches branches, guarding uncommitted changes', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const id = await openProject(b, repo);
    await ok(b, 'git.createBranch', { projectId: id, name: 'feature/login', checkout: true });
    expect((await ok<RepoStatus>(b, 'git.status', { projectId: id })).branch).toBe('feature/login');
    writeFileSync(join(repo, 'README.md'), 'dirty\n');
    expect(await call(b, 'git.switchBranch', { projectId: id, name: 'main', force: false })).toMatchObject({
      error: { code: 'uncommitted_changes' },
    });
    expect((await ok<RepoStatus>(b, 'git.status', { projectId: id })).branch).toBe('feature/login');
    const branches = await ok<{ name: string; current: boolean }[]>(b, 'git.branches', { projectId: id });
    expect(branches.map((x) => [x.name, x.current])).toEqual([
      ['feature/login', true],
      ['main', false],
    ]);
    await ok(b, 'git.stash', { projectId: id, message: 'wip', includeUntracked: false });
    expect((await ok<{ message: string }[]>(b, 'git.stashes', { projectId: id }))[0]?.message).toContain('wip');
    await ok(b, 'git.switchBranch', { projectId: id, name: 'main', force: false });
    await ok(b, 'git.stashPop', { projectId: id, index: 0 });
    expect((await ok<RepoStatus>(b, 'git.status', { projectId: id })).entries).toHaveLength(1);
    const worktrees = await ok<{ path: string; branch: string }[]>(b, 'git.worktrees', { projectId: id });
    expect(worktrees[0]).toMatchObject({ branch: 'main' });
  });

  it('shows a file at HEAD and in the index for the diff view', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const id = await openProject(b, repo);
    writeFileSync(join(repo, 'README.md'), 'staged\n');
    gitIn(repo, 'add', 'README.md');
    writeFileSync(join(repo, 'README.md'), 'working\n');
    expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD', path: 'README.md' })).toBe('# fixture\n');
    expect(await ok(b, 'git.show', { projectId: id, rev: null, path: 'README.md' })).toBe('staged\n');
    expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD', path: 'missing.txt' })).toBe('');
  });

  it('rejects option-shaped branch names and revisions, and nothing runs', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const marker = join(tempDir(), 'pwned');
    const id = await openProject(b, repo);
    const evil = [
      `--upload-pack=touch ${marker}`,
      '-c core.pager=touch',
      `-ccore.fsmonitor=touch ${marker}`,
      'a..b',
      'x y',
    ];
    for (const name of evil) {
      expect(await call(b, 'git.createBranch', { projectId: id, name, checkout: true })).toMatchObject({
        ok: false,
        error: { code: 'invalid_ref' },
      });
      expect(await call(b, 'git.switchBranch', { projectId: id, name, force: true })).toMatchObject({
        error: { code: 'invalid_ref' },
      });
      expect(await call(b, 'git.log', { projectId: id, limit: 5, rev: name })).toMatchObject({
        error: { code: 'invalid_ref' },
      });
      expect(await call(b, 'git.show', { projectId: id, rev: name, path: 'README.md' })).toMatchObject({
        error: { code: 'invalid_ref' },
      });
    }
    expect(existsSync(marker)).toBe(false);
    expect(gitIn(repo, 'branch', '--format=%(refname:short)').trim()).toBe('main');
  });

  it('passes paths after -- so a file named like an option is just a file', async () => {
    const b = testBackend();
    const repo = makeRepo();
    writeFileSync(join(repo, '--force'), 'x');
    const id = await openProject(b, repo);
    await ok(b, 'git.stage', { projectId: id, paths: ['--force'] });
    expect(gitIn(repo, 'diff', '--cached', '--name-only').trim()).toBe('--force');
  });

  it('answers not_a_git_repository for a plain folder', async () => {
    const b = testBackend();
    const dir = tempDir();
    const id = await openProject(b, dir);
    expect(await call(b, 'git.status', { projectId: id })).toMatchObject({ error: { code: 'not_a_git_repository' } });
  });
});

describe('git cancellation', () => {
  it('cancels a commit stuck in a slow hook, and git stays usable', async () => {
    const b = testBackend();
    const repo = makeRepo();
    configure(repo);
    const dir = tempDir();
    const hookStarted = join(dir, 'hook-started');
    const marker = join(dir, 'hook-finished');
    writeFileSync(
      join(repo, '.git', 'hooks', 'pre-commit'),
      `#!/bin/sh\ntouch ${hookStarted}\nsleep 20\ntouch ${marker}\n`,
      {
        mode: 0o755,
      },
    );
    const id = await openProject(b, repo);
    writeFileSync(join(repo, 'README.md'), 'changed\n');
    await ok(b, 'git.stage', { projectId: id, paths: ['README.md'] });
    const started = Date.now();
    const commit = call(b, 'git.commit', { projectId: id, message: 'slow', amend: false });
    // Cancel only once git is inside the hook, so the test is about stopping a running commit.
    await until(
      () => existsSync(hookStarted),
      10_000,
      () => 'the pre-commit hook never started',
    );
    await ok(b, 'git.cancel', { projectId: id });
    expect(await commit).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(marker)).toBe(false);
    expect(await ok<Commit[]>(b, 'git.log', { projectId: id, limit: 5, rev: null })).toHaveLength(1);
  });
});
