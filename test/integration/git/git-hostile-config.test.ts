// A repository's own config, hooks and .gitattributes must not run programs through Weft's git
// until the folder is trusted. Every plant is first shown to run under plain git.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunWorkspaces } from '../../../src/main/agent/workspace/run-workspaces';
import { LogService } from '../../../src/main/logging/logger';
import { runnerShell } from '../../../src/main/mcp/runner-shell';
import type { ToolSet } from '../../../src/main/mcp/tool-set';
import { CommandRunner } from '../../../src/main/terminal/runner';
import { WorkflowGitSteps } from '../../../src/main/workflow/git-steps';
import type { RepoStatus } from '../../../src/shared/domain/git';
import { call, ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';

const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

const hooks = [
  'pre-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'post-checkout',
  'post-merge',
  'pre-merge-commit',
  'post-rewrite',
  'reference-transaction',
  'post-index-change',
  'pre-auto-gc',
];

/**
 * A committed repository with `* filter=evil diff=evil merge=evil`, then (so setting it up ran
 * nothing) every program-running setting and hook planted, each writing its name to `marker`.
 */
function hostileRepo() {
  const repo = makeRepo();
  const marker = join(tempDir(), 'ran');
  gitIn(repo, 'config', 'user.name', 'Weft Test');
  gitIn(repo, 'config', 'user.email', 'test@weft.invalid');
  const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
  writeFileSync(join(repo, 'long.txt'), lines.join('\n') + '\n');
  writeFileSync(join(repo, 'a.txt'), 'alpha\n');
  writeFileSync(join(repo, '.gitattributes'), '* filter=evil diff=evil merge=evil\n');
  gitIn(repo, 'add', '.');
  gitIn(repo, 'commit', '-qm', 'attributes');
  const tools = tempDir();
  const tool = (name: string, body = 'cat') => {
    const path = join(tools, `${name}.sh`);
    writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> '${marker}'\n${body}\n`, { mode: 0o755 });
    return path;
  };
  const set = (key: string, value: string) => gitIn(repo, 'config', key, value);
  set('core.fsmonitor', tool('fsmonitor', 'exit 1'));
  set('filter.evil.clean', tool('clean'));
  set('filter.evil.smudge', tool('smudge'));
  set('diff.evil.textconv', tool('textconv', 'cat "$1"'));
  set('diff.evil.command', tool('diff-command', 'true'));
  set('diff.external', tool('diff-external', 'true'));
  set('merge.evil.driver', `${tool('merge-driver', 'exit 0')} %A %O %B`);
  set('commit.gpgSign', 'true');
  set('gpg.program', tool('gpg', 'exit 1'));
  set('log.showSignature', 'true');
  set('core.pager', tool('pager'));
  set('core.editor', tool('editor', 'true'));
  set('sequence.editor', tool('sequence-editor', 'true'));
  set('credential.helper', `!${tool('credential', 'true')}`);
  for (const hook of hooks)
    writeFileSync(join(repo, '.git', 'hooks', hook), `#!/bin/sh\necho "hook ${hook}" >> '${marker}'\n`, {
      mode: 0o755,
    });
  return { repo, marker };
}

/** What ran, for a readable failure. */
const ran = (marker: string) => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');

/** A change of the same size and a new mtime: git must read the file (through the clean filter) to see it. */
function sameSizeEdit(path: string, from: string, to: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
}

const runner = new CommandRunner();
const sets: ToolSet[] = [];
const workspaces: RunWorkspaces[] = [];
afterEach(async () => {
  for (const set of sets.splice(0)) await set.close();
  for (const w of workspaces.splice(0)) w.dispose();
});

describe('a hostile repository configuration', () => {
  it('runs its programs under plain git (the plants are live)', () => {
    const { repo, marker } = hostileRepo();
    sameSizeEdit(join(repo, 'a.txt'), 'alpha', 'alphA');
    gitIn(repo, 'status');
    expect(ran(marker)).toContain('fsmonitor');
    gitIn(repo, 'diff');
    expect(ran(marker)).toMatch(/textconv|diff-external|diff-command/);
    gitIn(repo, 'add', 'a.txt');
    expect(ran(marker)).toContain('clean');
    expect(() => gitIn(repo, 'commit', '-qm', 'x')).toThrow();
    expect(ran(marker)).toContain('hook pre-commit');
    expect(ran(marker)).toContain('gpg');
    gitIn(repo, 'checkout', '-q', '-b', 'side');
    expect(ran(marker)).toContain('hook post-checkout');
    const commit = (message: string) => gitIn(repo, '-c', 'commit.gpgSign=false', 'commit', '-qam', message);
    sameSizeEdit(join(repo, 'long.txt'), 'line 30\n', 'line Z\n');
    commit('side');
    gitIn(repo, 'checkout', '-q', 'main');
    expect(ran(marker)).toContain('smudge');
    sameSizeEdit(join(repo, 'long.txt'), 'line 2\n', 'line Y\n');
    commit('main');
    gitIn(repo, '-c', 'commit.gpgSign=false', 'merge', '-q', '--no-edit', 'side');
    expect(ran(marker)).toContain('merge-driver');
  });

  it('runs nothing through the git panel of a folder not trusted yet', async () => {
    const { repo, marker } = hostileRepo();
    const b = testBackend(undefined, { trustFolders: false });
    const id = await openProject(b, repo, { trust: false });
    sameSizeEdit(join(repo, 'a.txt'), 'alpha', 'alphA');
    sameSizeEdit(join(repo, 'long.txt'), 'line 3\n', 'line X\n');
    writeFileSync(join(repo, 'new.txt'), 'new\n');

    const status = await ok<RepoStatus>(b, 'git.status', { projectId: id });
    expect(status.entries.map((e) => e.path)).toEqual(['a.txt', 'long.txt', 'new.txt']);
    const diff = await ok<string>(b, 'git.diff', { projectId: id, path: 'long.txt', staged: false });
    expect(diff).toContain('+line X');
    expect(await ok(b, 'git.show', { projectId: id, rev: 'HEAD', path: 'a.txt' })).toBe('alpha\n');
    await ok(b, 'git.applyPatch', { projectId: id, patch: diff, reverse: false });
    await ok(b, 'git.applyPatch', { projectId: id, patch: diff, reverse: true });
    await ok(b, 'git.stage', { projectId: id, paths: ['a.txt', 'new.txt', 'long.txt'] });
    await ok(b, 'git.unstage', { projectId: id, paths: ['new.txt'] });
    expect(await ok(b, 'git.show', { projectId: id, rev: null, path: 'a.txt' })).toBe('alphA\n');
    await ok(b, 'git.commit', { projectId: id, message: 'edits', amend: false });
    await ok(b, 'git.commit', { projectId: id, message: 'edits, amended', amend: true });
    await ok(b, 'git.log', { projectId: id, limit: 5, rev: null });
    await ok(b, 'git.createBranch', { projectId: id, name: 'side', checkout: true });
    sameSizeEdit(join(repo, 'a.txt'), 'alphA', 'alpHA');
    await ok(b, 'git.stash', { projectId: id, message: 'wip', includeUntracked: true });
    await ok(b, 'git.switchBranch', { projectId: id, name: 'main', force: false });
    await ok(b, 'git.stashPop', { projectId: id, index: 0 });
    await ok(b, 'git.branches', { projectId: id });
    await ok(b, 'git.worktrees', { projectId: id });
    expect(ran(marker)).toBe('');
    expect(gitIn(repo, 'log', '-1', '--format=%s%n%G?', 'HEAD').trim()).toBe('edits, amended\nN');
  });

  it("runs nothing through the git MCP server's tools", async () => {
    const { repo, marker } = hostileRepo();
    const backend = testBackend(undefined, { trustFolders: false });
    const projectId = await openProject(backend, repo, { trust: false });
    const set = await backend.mcp.open({ projectId, root: repo, shell: runnerShell(runner) });
    sets.push(set);
    sameSizeEdit(join(repo, 'a.txt'), 'alpha', 'alphA');
    const signal = new AbortController().signal;
    const answers = [
      await set.call('git__status', {}, signal),
      await set.call('git__diff', {}, signal),
      await set.call('git__diff', { rev: 'HEAD', path: 'a.txt' }, signal),
      await set.call('git__log', { path: 'a.txt' }, signal),
      await set.call('git__blame', { path: 'long.txt' }, signal),
      await set.call('git__commit', { message: 'one', paths: ['a.txt'] }, signal),
      await set.call('git__branch', { action: 'create', name: 'side' }, signal),
    ];
    writeFileSync(join(repo, 'b.txt'), 'b\n');
    answers.push(await set.call('git__commit', { message: 'two', all: true }, signal));
    expect(answers.filter((a) => a.isError).map((a) => a.text)).toEqual([]);
    expect(answers[1]!.text).toContain('+alphA');
    expect(ran(marker)).toBe('');
  });

  it('runs nothing in run worktrees: create, checkpoint, changes, rollback, merge, cherry-pick, keep, discard', async () => {
    const { repo, marker } = hostileRepo();
    const ws = new RunWorkspaces(join(tempDir(), 'worktrees'), new LogService({ level: 'silent' }).logger);
    workspaces.push(ws);
    const run = await ws.create({ projectRoot: repo, runId: 'run000001' });
    sameSizeEdit(join(run.path, 'long.txt'), 'line 30\n', 'line Z\n');
    writeFileSync(join(run.path, 'c.txt'), 'c\n');
    const step = await ws.checkpoint({ path: run.path, message: 'step' });
    expect(step?.files.map((f) => f.path).sort()).toEqual(['c.txt', 'long.txt']);
    await ws.changes({ path: run.path, from: run.baseCommit, to: null });
    await ws.fileVersions({ path: run.path, from: run.baseCommit, to: null, file: 'long.txt' });
    const back = await ws.rollback({ path: run.path, to: run.baseCommit });
    await ws.undo({ path: run.path, to: back.fromCommit });
    // The user changed the same file elsewhere: the merge needs the (replaced) merge driver.
    sameSizeEdit(join(repo, 'long.txt'), 'line 2\n', 'line Y\n');
    gitIn(
      repo,
      '-c',
      'core.hooksPath=/dev/null',
      '-c',
      'filter.evil.clean=',
      '-c',
      'core.fsmonitor=false',
      'commit',
      '-qam',
      'user',
      '--no-gpg-sign',
    );
    const merged = await ws.merge({ projectRoot: repo, branch: run.branch, baseBranch: 'main' });
    expect(readFileSync(join(repo, 'long.txt'), 'utf8')).toContain('line Y\n');
    expect(readFileSync(join(repo, 'long.txt'), 'utf8')).toContain('line Z\n');
    expect(merged.commit).toBe(gitIn(repo, 'rev-parse', 'HEAD').trim());
    await ws.remove({ projectRoot: repo, path: run.path, branch: run.branch });

    const second = await ws.create({ projectRoot: repo, runId: 'run000002' });
    writeFileSync(join(second.path, 'd.txt'), 'd\n');
    sameSizeEdit(join(second.path, 'a.txt'), 'alpha', 'ALPHA');
    await ws.checkpoint({ path: second.path, message: 'two files' });
    await ws.cherryPick({ projectRoot: repo, path: second.path, baseCommit: second.baseCommit, files: ['d.txt'] });
    await ws.keepAsBranch({ projectRoot: repo, path: second.path, branch: second.branch });
    const third = await ws.create({ projectRoot: repo, runId: 'run000003' });
    writeFileSync(join(third.path, 'e.txt'), 'e\n');
    await ws.discard({ projectRoot: repo, path: third.path, branch: third.branch });
    expect(ran(marker)).toBe('');
  });

  it('runs nothing through workflow git steps', async () => {
    const { repo, marker } = hostileRepo();
    const steps = new WorkflowGitSteps();
    const signal = new AbortController().signal;
    // The test moves between branches with plain git, told not to run anything itself.
    const quiet = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];
    const quietSwitch = (branch: string) =>
      gitIn(repo, ...quiet, '-c', 'filter.evil.smudge=', '-c', 'filter.evil.clean=', 'switch', '-q', branch);
    sameSizeEdit(join(repo, 'long.txt'), 'line 5\n', 'line F\n');
    const first = await steps.commit(repo, 'step one', signal);
    expect(first.commit).not.toBeNull();
    await steps.branch(repo, 'side', signal);
    sameSizeEdit(join(repo, 'a.txt'), 'alpha', 'alphA');
    sameSizeEdit(join(repo, 'long.txt'), 'line 10\n', 'line T\n');
    const diff = await steps.diff(repo, 'HEAD~1', signal);
    expect(diff.files.sort()).toEqual(['a.txt', 'long.txt']);
    expect(diff.diff).toContain('+line F');
    await steps.commit(repo, 'step two', signal);
    quietSwitch('side');
    sameSizeEdit(join(repo, 'long.txt'), 'line 35\n', 'line S\n');
    await steps.commit(repo, 'on side', signal);
    quietSwitch('main');
    await steps.merge(repo, 'side', signal);
    expect(readFileSync(join(repo, 'long.txt'), 'utf8')).toMatch(/line T\n[\s\S]*line S\n/);
    expect(ran(marker)).toBe('');
  });

  it('does not look inside a submodule, whose own config could run programs', async () => {
    const { repo, marker } = hostileRepo();
    const sub = makeRepo('sub');
    writeFileSync(join(sub, '.gitattributes'), '* filter=subevil\n');
    writeFileSync(join(sub, 's.txt'), 'sub\n');
    gitIn(sub, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', 'add', '.');
    gitIn(sub, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', 'commit', '-qm', 'sub');
    const quiet = [
      '-c',
      'core.hooksPath=/dev/null',
      '-c',
      'filter.evil.clean=',
      '-c',
      'filter.evil.smudge=',
      '-c',
      'commit.gpgSign=false',
    ];
    gitIn(repo, ...quiet, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub');
    gitIn(repo, ...quiet, 'commit', '-qm', 'submodule');
    const tool = join(tempDir(), 'sub.sh');
    writeFileSync(tool, `#!/bin/sh\necho "sub $*" >> '${marker}'\ncat\n`, { mode: 0o755 });
    gitIn(join(repo, 'sub'), 'config', 'filter.subevil.clean', tool);
    gitIn(join(repo, 'sub'), 'config', 'core.fsmonitor', tool);
    sameSizeEdit(join(repo, 'sub', 's.txt'), 'sub', 'SUB');
    gitIn(repo, 'config', 'submodule.sub.ignore', 'none');
    // Plain git looks inside, and runs the submodule's programs.
    gitIn(repo, '-c', 'core.fsmonitor=false', 'status');
    expect(ran(marker)).toContain('sub');
    writeFileSync(marker, '');

    const b = testBackend(undefined, { trustFolders: false });
    const id = await openProject(b, repo, { trust: false });
    await ok(b, 'git.status', { projectId: id });
    await ok(b, 'git.diff', { projectId: id, path: 'sub', staged: false });
    writeFileSync(join(repo, 'top.txt'), 'top\n');
    await ok(b, 'git.stage', { projectId: id, paths: ['.'] });
    const staged = gitIn(repo, '-c', 'core.fsmonitor=false', 'diff', '--cached', '--name-only', '--ignore-submodules');
    expect(staged.trim()).toBe('top.txt');
    await ok(b, 'git.unstage', { projectId: id, paths: ['top.txt'] });
    await ok(b, 'git.stash', { projectId: id, message: 'wip', includeUntracked: true });
    expect(existsSync(join(repo, 'top.txt'))).toBe(false);
    await ok(b, 'git.stashPop', { projectId: id, index: 0 });
    expect(readFileSync(join(repo, 'top.txt'), 'utf8')).toBe('top\n');
    const set = await b.mcp.open({ projectId: id, root: repo, shell: runnerShell(runner) });
    sets.push(set);
    const signal = new AbortController().signal;
    expect((await set.call('git__status', {}, signal)).isError).toBe(false);
    expect((await set.call('git__diff', {}, signal)).isError).toBe(false);
    const ws = new RunWorkspaces(join(tempDir(), 'worktrees'), new LogService({ level: 'silent' }).logger);
    workspaces.push(ws);
    await ws.create({ projectRoot: repo, runId: 'run000004' });
    await new WorkflowGitSteps().diff(repo, 'HEAD', signal);
    expect(ran(marker)).toBe('');
  });

  it('runs the hooks and filters of a trusted folder, as git would for its owner', async () => {
    const { repo, marker } = hostileRepo();
    gitIn(repo, 'config', 'commit.gpgSign', 'false');
    const b = testBackend();
    const id = await openProject(b, repo);
    sameSizeEdit(join(repo, 'a.txt'), 'alpha', 'alphA');
    await ok(b, 'git.stage', { projectId: id, paths: ['a.txt'] });
    expect(await call(b, 'git.commit', { projectId: id, message: 'mine', amend: false })).toMatchObject({ ok: true });
    expect(ran(marker)).toContain('clean');
    expect(ran(marker)).toContain('hook pre-commit');
  });
});
