import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/shared/domain/project';
import { call, ok, testBackend } from '../helpers/backend';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { nextMillisecond } from '../helpers/until';

const backend = testBackend;

describe('opening a repository', () => {
  it('opens a git repository and reports its branch', async () => {
    const repo = makeRepo('my-repo');
    const reply = await call(backend(), 'projects.open', { path: repo });
    expect(reply).toMatchObject({ ok: true, value: { name: 'my-repo', isGitRepo: true, branch: 'main' } });
  });

  it('opens a plain folder, offers git init, and becomes a repository after it', async () => {
    const b = backend();
    const dir = join(tempDir(), 'plain');
    mkdirSync(dir);
    const opened = await call(b, 'projects.open', { path: dir });
    expect(opened).toMatchObject({ ok: true, value: { isGitRepo: false, branch: null } });
    const id = (opened as { value: Project }).value.id;
    const inited = await call(b, 'projects.initGit', { id });
    expect(inited).toMatchObject({ ok: true, value: { isGitRepo: true } });
    expect(execFileSync('git', ['-C', dir, 'rev-parse', '--is-inside-work-tree']).toString().trim()).toBe('true');
    expect(await call(b, 'projects.initGit', { id })).toMatchObject({
      ok: false,
      error: { code: 'already_a_git_repository' },
    });
  });

  it.each([
    ['a path that does not exist', (root: string) => join(root, 'missing'), 'path_not_found'],
    [
      'a file instead of a folder',
      (root: string) => {
        writeFileSync(join(root, 'file.txt'), 'x');
        return join(root, 'file.txt');
      },
      'not_a_directory',
    ],
    [
      'a symlink loop',
      (root: string) => {
        symlinkSync(join(root, 'loop'), join(root, 'loop'));
        return join(root, 'loop');
      },
      'path_not_found',
    ],
  ])('refuses %s with a clear error and records nothing', async (_name, make, code) => {
    const b = backend();
    const reply = await call(b, 'projects.open', { path: make(tempDir()) });
    expect(reply).toMatchObject({ ok: false, error: { code } });
    if (!reply.ok) expect(reply.error.message.length).toBeGreaterThan(10);
    expect(await call(b, 'projects.recent')).toEqual({ ok: true, value: [] });
  });

  it('refuses a folder without read permission', () => {
    const root = tempDir();
    const locked = join(root, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    chmodSync(root, 0o755);
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) chmodSync(locked, 0o000);
    // Root reads everything, so the check runs as the unprivileged "nobody" user instead.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/helpers/resolve-folder-cli.ts', locked], {
      ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
      env: { ...process.env, HOME: root },
    }).toString();
    if (!isRoot) chmodSync(locked, 0o700);
    expect(JSON.parse(out)).toEqual({ ok: false, code: 'permission_denied' });
  });

  it('keeps recent projects newest first across restarts, and reopens the last one', async () => {
    const dataDir = tempDir('weft-data-');
    const first = makeRepo('first');
    const second = makeRepo('second');
    let b = backend(dataDir);
    await call(b, 'projects.open', { path: first });
    await nextMillisecond();
    await call(b, 'projects.open', { path: second });
    await b.dispose();

    b = backend(dataDir);
    const recent = await call(b, 'projects.recent');
    expect(recent.ok && (recent.value as Project[]).map((p) => p.name)).toEqual(['second', 'first']);
    expect(await call(b, 'projects.reopenLast')).toMatchObject({ ok: true, value: { name: 'second' } });

    await call(b, 'settings.update', { reopenLastProject: false });
    expect(await call(b, 'projects.reopenLast')).toEqual({ ok: true, value: null });
  });

  it('opening the same folder twice keeps one entry and moves it to the top', async () => {
    const b = backend();
    const a = makeRepo('a');
    const c = makeRepo('c');
    await call(b, 'projects.open', { path: a });
    await nextMillisecond();
    await call(b, 'projects.open', { path: c });
    await nextMillisecond();
    await call(b, 'projects.open', { path: a + '/' });
    const recent = await call(b, 'projects.recent');
    expect(recent.ok && (recent.value as Project[]).map((p) => p.name)).toEqual(['a', 'c']);
  });

  it('publishes the recent list to every listener when it changes', async () => {
    // Left untrusted: the helper's answer to the trust prompt would publish the list once more.
    const b = backend(undefined, { trustFolders: false });
    const seen: unknown[] = [];
    b.events.subscribe((channel, payload) => {
      if (channel === 'projects.recentChanged') seen.push(payload);
    });
    const reply = await call(b, 'projects.open', { path: makeRepo('x') });
    expect(seen).toHaveLength(1);
    await call(b, 'projects.forget', { id: (reply as { value: Project }).value.id });
    expect(seen.at(-1)).toEqual([]);
  });
});

describe('folder trust', () => {
  const untrusted = (dataDir?: string) => backend(dataDir, { trustFolders: false });

  it('asks once per folder: not asked yet counts as restricted, and the answer survives reopening and restarts', async () => {
    const dataDir = tempDir('weft-data-');
    const repo = makeRepo('trusty');
    const other = makeRepo('other');
    let b = untrusted(dataDir);
    const changes: unknown[] = [];
    b.onTrustChanged((change) => changes.push(change));
    const opened = await ok<Project>(b, 'projects.open', { path: repo });
    expect(opened).toMatchObject({ trust: null, trusted: false, allowedHosts: [] });
    expect(b.isTrusted(opened.id)).toBe(false);
    expect(b.projects.trust(opened.id)).toBeNull();

    expect(await ok<Project>(b, 'projects.setTrust', { id: opened.id, trusted: true })).toMatchObject({
      trust: 'trusted',
      trusted: true,
    });
    expect(changes).toEqual([{ projectId: opened.id, trust: 'trusted', trusted: true }]);
    expect(await ok<Project>(b, 'projects.open', { path: repo })).toMatchObject({ trust: 'trusted', trusted: true });
    const second = await ok<Project>(b, 'projects.open', { path: other });
    expect(second).toMatchObject({ trust: null, trusted: false });
    await b.dispose();

    b = untrusted(dataDir);
    expect(b.isTrusted(opened.id)).toBe(true);
    expect(b.isTrusted(second.id)).toBe(false);
    const recent = await ok<Project[]>(b, 'projects.recent');
    expect(recent.map((p) => [p.name, p.trust])).toEqual([
      ['other', null],
      ['trusty', 'trusted'],
    ]);
    await ok(b, 'projects.setTrust', { id: opened.id, trusted: false });
    await b.dispose();

    b = untrusted(dataDir);
    expect(await ok<Project>(b, 'projects.open', { path: repo })).toMatchObject({
      trust: 'restricted',
      trusted: false,
    });
    expect(b.isTrusted(opened.id)).toBe(false);
    expect(b.isTrusted('nosuchproject')).toBe(false);
    expect(await call(b, 'projects.setTrust', { id: 'nosuchproject', trusted: true })).toMatchObject({
      ok: false,
      error: { code: 'project_not_found' },
    });
  });

  it('trusts a folder for one process only when the CLI opens it, and records nothing', async () => {
    const dataDir = tempDir('weft-data-');
    const repo = makeRepo('cli');
    let b = untrusted(dataDir);
    const changes: unknown[] = [];
    b.onTrustChanged((change) => changes.push(change));
    const project = await b.projects.open(repo, { trustForSession: true });
    expect(project).toMatchObject({ trust: null, trusted: true });
    expect(b.isTrusted(project.id)).toBe(true);
    expect(changes).toEqual([{ projectId: project.id, trust: null, trusted: true }]);
    await b.dispose();
    b = untrusted(dataDir);
    expect(b.isTrusted(project.id)).toBe(false);
    // Restricting in the app wins over the process's trust.
    b.projects.trustForSession(project.id);
    await b.projects.setTrust(project.id, false);
    expect(b.isTrusted(project.id)).toBe(false);
  });

  it('keeps a validated, normalized list of allowed hosts per project across restarts', async () => {
    const dataDir = tempDir('weft-data-');
    let b = backend(dataDir);
    const id = (await ok<Project>(b, 'projects.open', { path: makeRepo('hosts') })).id;
    const hostsSeen: unknown[] = [];
    b.events.subscribe((channel, payload) => {
      if (channel === 'projects.allowedHostsChanged') hostsSeen.push(payload);
    });
    const saved = await ok<Project>(b, 'projects.setAllowedHosts', {
      id,
      hosts: [' Registry.NPMJS.org. ', '*.github.com', 'registry.npmjs.org', '93.184.216.34', 'pypi.org'],
    });
    const expected = ['registry.npmjs.org', '*.github.com', '93.184.216.34', 'pypi.org'];
    expect(saved.allowedHosts).toEqual(expected);
    expect(hostsSeen).toEqual([{ projectId: id, hosts: expected }]);

    for (const [bad, words] of [
      ['https://example.com', /scheme/],
      ['example.com/path', /path/],
      ['example.com:443', /port/],
      ['10.1.2.3', /private network/],
      ['192.168.0.10', /private network/],
      ['127.0.0.1', /private network/],
      ['169.254.169.254', /private network/],
      ['localhost', /localhost/],
      ['*.com', /wildcard needs a domain/],
      ['api.*.example.com', /wildcard may only stand first/],
      ['::1', /IPv6/],
      ['exa mple.com', /not a valid host name/],
      ['-bad.example.com', /not a valid host name/],
      ['300.1.1.1', /not a valid IPv4/],
    ] as const) {
      const reply = await call(b, 'projects.setAllowedHosts', { id, hosts: ['pypi.org', bad] });
      expect(reply, bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!reply.ok) expect(reply.error.message, bad).toMatch(words);
    }
    // A refused list changes nothing, and the service checks the same rules as the contract.
    expect(b.allowedHosts(id)).toEqual(expected);
    await expect(b.projects.setAllowedHosts(id, ['http://x.org'])).rejects.toMatchObject({ code: 'invalid_input' });
    await b.dispose();

    b = backend(dataDir);
    expect(b.allowedHosts(id)).toEqual(expected);
    expect(await ok<Project[]>(b, 'projects.recent')).toMatchObject([{ id, allowedHosts: expected }]);
    await ok(b, 'projects.setAllowedHosts', { id, hosts: [] });
    expect(b.allowedHosts(id)).toEqual([]);
  });

  it('refuses to run, resume or retry a workflow in a restricted folder with folder_untrusted', async () => {
    const b = untrusted();
    const repo = makeRepo('wf');
    const projectId = (await ok<Project>(b, 'projects.open', { path: repo })).id;
    await ok(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: { version: 1, nodes: [{ id: 'hello', kind: 'shell', command: 'echo hi > ran.txt' }], edges: [] },
    });
    const refused = await call(b, 'workflow.run', { projectId, name: 'hello', inputs: {} });
    expect(refused).toMatchObject({ ok: false, error: { code: 'folder_untrusted' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/restricted mode/);
    await ok(b, 'projects.setTrust', { id: projectId, trusted: false });
    expect(await call(b, 'workflow.run', { projectId, name: 'hello', inputs: {} })).toMatchObject({
      ok: false,
      error: { code: 'folder_untrusted' },
    });

    await ok(b, 'projects.setTrust', { id: projectId, trusted: true });
    const run = await ok<{ id: string }>(b, 'workflow.run', { projectId, name: 'hello', inputs: {} });
    await b.workflows.wait(run.id);
    await ok(b, 'projects.setTrust', { id: projectId, trusted: false });
    for (const [channel, input] of [
      ['workflow.resume', { runId: run.id }],
      ['workflow.retry', { runId: run.id, node: 'hello' }],
    ] as const) {
      expect(await call(b, channel, input), channel).toMatchObject({ ok: false, error: { code: 'folder_untrusted' } });
    }
  });
});
