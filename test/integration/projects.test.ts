import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/shared/domain/project';
import { call, testBackend } from '../helpers/backend';
import { makeRepo, tempDir } from '../helpers/fixtures';

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
    await new Promise((r) => setTimeout(r, 5));
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
    await new Promise((r) => setTimeout(r, 5));
    await call(b, 'projects.open', { path: c });
    await new Promise((r) => setTimeout(r, 5));
    await call(b, 'projects.open', { path: a + '/' });
    const recent = await call(b, 'projects.recent');
    expect(recent.ok && (recent.value as Project[]).map((p) => p.name)).toEqual(['a', 'c']);
  });

  it('publishes the recent list to every listener when it changes', async () => {
    const b = backend();
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
