import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runnerShell } from '../../../src/main/mcp/runner-shell';
import type { ToolSet } from '../../../src/main/mcp/tool-set';
import { CommandRunner } from '../../../src/main/terminal/runner';
import type { Commit, RepoStatus } from '../../../src/shared/domain/git';
import { call, ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', ...args]).toString();

const runner = new CommandRunner();
const sets: ToolSet[] = [];
afterEach(async () => {
  for (const set of sets.splice(0)) await set.close();
});
const signal = () => new AbortController().signal;

/**
 * A repository whose project is `packages/app`, with a file of the same name at the top (so a
 * left side read from the top is visibly wrong), a secret at the top, and one commit that only
 * touches the top.
 */
function subfolderRepo() {
  const repo = makeRepo();
  gitIn(repo, 'config', 'user.name', 'Weft Test');
  gitIn(repo, 'config', 'user.email', 'test@weft.invalid');
  const app = join(repo, 'packages', 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(repo, 'a.txt'), 'top a\n');
  writeFileSync(join(repo, 'secret.txt'), 'top secret\n');
  writeFileSync(join(app, 'a.txt'), 'app a\n');
  writeFileSync(join(app, 'src', 'b.txt'), 'app b\n');
  gitIn(repo, 'add', '.');
  gitIn(repo, 'commit', '-qm', 'add app');
  writeFileSync(join(repo, 'secret.txt'), 'top secret v2\n');
  gitIn(repo, 'commit', '-qam', 'top only');
  return { repo, app };
}

const porcelain = (repo: string, ...args: string[]) =>
  gitIn(repo, 'status', '--porcelain', ...args)
    .split('\n')
    .filter(Boolean);

const stagedNames = (repo: string) => gitIn(repo, 'diff', '--cached', '--name-only').trim().split('\n').filter(Boolean);

describe('git in a project that is a folder of a larger repository', () => {
  it.each([
    ['trusted', true],
    ['not trusted', false],
  ])(
    'limits status, diff, log, stage, stash and commit to the project (%s), and reads REV:./path from it',
    async (_, trust) => {
      const { repo, app } = subfolderRepo();
      const b = testBackend(undefined, { trustFolders: trust });
      const id = await openProject(b, app, { trust });
      expect(b.isTrusted(id)).toBe(trust);
      writeFileSync(join(repo, 'a.txt'), 'top a changed\n');
      writeFileSync(join(repo, 'secret.txt'), 'top secret changed\n');
      writeFileSync(join(app, 'a.txt'), 'app a changed\n');
      writeFileSync(join(app, 'new.txt'), 'new\n');

      const status = await ok<RepoStatus>(b, 'git.status', { projectId: id });
      expect(status.branch).toBe('main');
      expect(status.entries.map((e) => [e.path, e.index, e.worktree])).toEqual([
        ['a.txt', '.', 'M'],
        ['new.txt', '?', '?'],
      ]);

      // The diff view's left side: the project's a.txt, not the repository top's.
      expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD', path: 'a.txt' })).toBe('app a\n');
      expect(await ok(b, 'git.show', { projectId: id, rev: null, path: 'a.txt' })).toBe('app a\n');
      expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD~1', path: 'src/b.txt' })).toBe('app b\n');
      const diff = await ok<string>(b, 'git.diff', { projectId: id, path: 'a.txt', staged: false });
      expect(diff).toContain('+app a changed');
      expect(diff).not.toContain('top');

      const log = await ok<Commit[]>(b, 'git.log', { projectId: id, limit: 10, rev: null });
      expect(log.map((c) => c.subject)).toEqual(['add app']);

      // Pathspec magic is a file name; `../` is refused before git sees it.
      // No such files in the project: git refuses them (trusted) or finds no change to stage.
      await call(b, 'git.stage', { projectId: id, paths: [':(top)secret.txt'] });
      await call(b, 'git.stage', { projectId: id, paths: [':(glob)**'] });
      expect(await call(b, 'git.stage', { projectId: id, paths: ['../../secret.txt'] })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      expect(await call(b, 'git.show', { projectId: id, rev: 'HEAD', path: '../../secret.txt' })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      expect(stagedNames(repo)).toEqual([]);
      writeFileSync(join(app, ':(top)secret.txt'), 'just a file\n');
      await ok(b, 'git.stage', { projectId: id, paths: [':(top)secret.txt'] });
      expect(stagedNames(repo)).toEqual(['packages/app/:(top)secret.txt']);
      expect(await ok(b, 'git.show', { projectId: id, rev: null, path: ':(top)secret.txt' })).toBe('just a file\n');
      expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD', path: ':(top)secret.txt' })).toBe('');

      // A patch naming files outside the project stages nothing there.
      const outsidePatch = [
        'diff --git a/secret.txt b/secret.txt',
        '--- a/secret.txt',
        '+++ b/secret.txt',
        '@@ -1 +1 @@',
        '-top secret v2',
        '+top secret changed',
        '',
      ].join('\n');
      await call(b, 'git.applyPatch', { projectId: id, patch: outsidePatch, reverse: false });
      await call(b, 'git.applyPatch', {
        projectId: id,
        patch: outsidePatch.replaceAll('secret.txt', 'packages/app/../../secret.txt'),
        reverse: false,
      });
      expect(stagedNames(repo)).toEqual(['packages/app/:(top)secret.txt']);

      // Something staged outside (from a terminal) blocks the commit; without it, only project paths go in.
      await ok(b, 'git.stage', { projectId: id, paths: ['a.txt'] });
      gitIn(repo, 'add', 'secret.txt');
      expect(await call(b, 'git.commit', { projectId: id, message: 'app work', amend: false })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      gitIn(repo, 'reset', '-q', '--', 'secret.txt');
      await ok(b, 'git.commit', { projectId: id, message: 'app work', amend: false });
      expect(gitIn(repo, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual([
        'packages/app/:(top)secret.txt',
        'packages/app/a.txt',
      ]);
      expect(porcelain(repo)).toEqual([' M a.txt', ' M secret.txt', '?? packages/app/new.txt']);

      // Stash keeps to the project; a stash holding other folders is not popped here.
      writeFileSync(join(app, 'a.txt'), 'app a again\n');
      await ok(b, 'git.stash', { projectId: id, message: 'app only', includeUntracked: false });
      expect(porcelain(repo, '--untracked-files=no')).toEqual([' M a.txt', ' M secret.txt']);
      await ok(b, 'git.stashPop', { projectId: id, index: 0 });
      expect(readFileSync(join(app, 'a.txt'), 'utf8')).toBe('app a again\n');
      gitIn(repo, 'stash', 'push', '-q', '-m', 'top', '--', 'a.txt');
      expect(await call(b, 'git.stashPop', { projectId: id, index: 0 })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      expect(readFileSync(join(repo, 'a.txt'), 'utf8')).toBe('top a\n');

      // Switching branches would rewrite the whole working tree.
      gitIn(repo, 'branch', 'other');
      expect(await call(b, 'git.switchBranch', { projectId: id, name: 'other', force: false })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      expect(await call(b, 'git.createBranch', { projectId: id, name: 'x', checkout: true })).toMatchObject({
        error: { code: 'path_outside_project' },
      });
      expect(gitIn(repo, 'branch', '--show-current').trim()).toBe('main');
    },
  );

  it("shows merges that match a parent in a top-level project's history (no path limits it there)", async () => {
    const repo = makeRepo();
    gitIn(repo, 'switch', '-q', '-c', 'side');
    writeFileSync(join(repo, 'side.txt'), 'side\n');
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-qm', 'on side');
    gitIn(repo, 'switch', '-q', 'main');
    gitIn(repo, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const b = testBackend();
    const id = await openProject(b, repo);
    const log = await ok<Commit[]>(b, 'git.log', { projectId: id, limit: 10, rev: null });
    expect(log.map((c) => c.subject).sort()).toEqual(['initial', 'merge side', 'on side']);
  });

  it("keeps the git MCP server's status, diff, log, blame and commit to the project", async () => {
    const { repo, app } = subfolderRepo();
    const backend = testBackend();
    const projectId = await openProject(backend, app);
    const set = await backend.mcp.open({ projectId, root: app, shell: runnerShell(runner) });
    sets.push(set);
    writeFileSync(join(repo, 'secret.txt'), 'top secret changed\n');
    writeFileSync(join(app, 'a.txt'), 'app a changed\n');

    const status = await set.call('git__status', {}, signal());
    expect(status.text).toContain(' M a.txt');
    expect(status.text).not.toContain('secret');
    const diff = await set.call('git__diff', {}, signal());
    expect(diff.text).toContain('+app a changed');
    expect(diff.text).toContain('a/a.txt');
    expect(diff.text).not.toContain('secret');
    for (const path of [':(top)secret.txt', '../../secret.txt', ':(top)', ':!a.txt']) {
      for (const [tool, args] of [
        ['git__diff', { path }],
        ['git__log', { path }],
        ['git__blame', { path }],
        ['git__diff', { path, rev: 'HEAD~1' }],
      ] as const) {
        const answer = await set.call(tool, args, signal());
        expect(answer.text, `${tool} ${path}`).not.toContain('top secret');
        expect(answer.text, `${tool} ${path}`).not.toContain('top only');
      }
      const commit = await set.call('git__commit', { message: 'sneak', paths: [path] }, signal());
      expect(commit.isError, path).toBe(true);
    }
    const log = await set.call('git__log', {}, signal());
    expect(log.text).toContain('add app');
    expect(log.text).not.toContain('top only');

    gitIn(repo, 'add', 'secret.txt');
    const blocked = await set.call('git__commit', { message: 'with outside', all: true }, signal());
    expect(blocked.isError).toBe(true);
    expect(blocked.text).toContain('outside the project folder');
    gitIn(repo, 'reset', '-q', '--', 'secret.txt');
    const commit = await set.call('git__commit', { message: 'app only', all: true }, signal());
    expect(commit.isError).toBe(false);
    expect(gitIn(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('packages/app/a.txt');
    expect(porcelain(repo)).toEqual([' M secret.txt']);
  });
});
