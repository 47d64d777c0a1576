import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { DirEntry, FileContent } from '../../src/shared/domain/files';
import { call, ok, openProject, testBackend } from '../helpers/backend';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { until } from '../helpers/until';

describe('files: path safety', () => {
  it.each([['../outside.txt'], ['src/../../outside.txt'], ['/etc/passwd'], ['link-out/secret.txt'], ['link-out']])(
    'refuses %s with path_outside_project',
    async (path) => {
      const b = testBackend();
      const repo = makeRepo();
      const outside = tempDir('weft-outside-');
      writeFileSync(join(outside, 'secret.txt'), 'secret');
      symlinkSync(outside, join(repo, 'link-out'));
      const id = await openProject(b, repo);
      for (const channel of ['files.read', 'files.delete']) {
        expect(await call(b, channel, { projectId: id, path })).toMatchObject({
          ok: false,
          error: { code: 'path_outside_project' },
        });
      }
      expect(
        await call(b, 'files.write', {
          projectId: id,
          path,
          content: 'x',
          encoding: { name: 'utf8', bom: false },
          expectedMtimeMs: null,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'path_outside_project' },
      });
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    },
  );

  it('refuses names with NUL or control characters before touching the disk', async () => {
    const b = testBackend();
    const id = await openProject(b, makeRepo());
    for (const path of ['a\0b.txt', 'evil\u001b[2J.txt', 'new\nline.txt']) {
      const reply = await call(b, 'files.create', { projectId: id, path, kind: 'file' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('refuses a link to a missing target rather than writing through it', async () => {
    const b = testBackend();
    const repo = makeRepo();
    symlinkSync('/nonexistent-weft-target/file', join(repo, 'dangling'));
    const id = await openProject(b, repo);
    const reply = await call(b, 'files.write', {
      projectId: id,
      path: 'dangling',
      content: 'x',
      encoding: { name: 'utf8', bom: false },
      expectedMtimeMs: null,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'path_outside_project' } });
  });
});

describe('files: listing and editing', () => {
  it('lists folders first, dims .gitignored entries, hides .git and the exclude list', async () => {
    const b = testBackend();
    const repo = makeRepo();
    writeFileSync(join(repo, '.gitignore'), 'dist/\n*.log\n');
    mkdirSync(join(repo, 'dist'));
    mkdirSync(join(repo, 'node_modules'));
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'debug.log'), 'x');
    writeFileSync(join(repo, 'b.ts'), 'x');
    const id = await openProject(b, repo);
    await ok(b, 'settings.update', { explorer: { exclude: ['**/.git', '**/node_modules'] } });
    const entries = await ok<DirEntry[]>(b, 'files.list', { projectId: id, dir: '' });
    expect(entries.map((e) => [e.name, e.kind, e.ignored])).toEqual([
      ['dist', 'dir', true],
      ['src', 'dir', false],
      ['.gitignore', 'file', false],
      ['b.ts', 'file', false],
      ['debug.log', 'file', true],
      ['README.md', 'file', false],
    ]);
  });

  it('round-trips a Latin-1 file without corrupting it', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const text = 'Grüße aus Köln. Le café est très bon; la façade est naïve, à côté de l’été.\n'
      .replace('’', "'")
      .repeat(3);
    const original = iconv.encode(text, 'latin1');
    writeFileSync(join(repo, 'legacy.txt'), original);
    const id = await openProject(b, repo);
    const file = await ok<FileContent>(b, 'files.read', { projectId: id, path: 'legacy.txt' });
    expect(file.kind).toBe('text');
    expect(file.content).toBe(text);
    expect(['iso-8859-1', 'windows-1252', 'latin1']).toContain(file.encoding.name);
    await ok(b, 'files.write', {
      projectId: id,
      path: 'legacy.txt',
      content: file.content + 'ß\n',
      encoding: file.encoding,
      expectedMtimeMs: file.mtimeMs,
    });
    const bytes = readFileSync(join(repo, 'legacy.txt'));
    expect(bytes.subarray(0, original.length).equals(original)).toBe(true);
    expect(bytes.subarray(original.length).equals(Buffer.from([0xdf, 0x0a]))).toBe(true);
  });

  it('keeps a UTF-8 byte-order mark on save', async () => {
    const b = testBackend();
    const repo = makeRepo();
    writeFileSync(join(repo, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('hi\n')]));
    const id = await openProject(b, repo);
    const file = await ok<FileContent>(b, 'files.read', { projectId: id, path: 'bom.txt' });
    expect(file).toMatchObject({ content: 'hi\n', encoding: { name: 'utf8', bom: true } });
    await ok(b, 'files.write', {
      projectId: id,
      path: 'bom.txt',
      content: 'ho\n',
      encoding: file.encoding,
      expectedMtimeMs: null,
    });
    expect([...readFileSync(join(repo, 'bom.txt')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('detects binary files and opens large files read-only', async () => {
    const b = testBackend();
    const repo = makeRepo();
    writeFileSync(join(repo, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    writeFileSync(join(repo, 'big.txt'), 'x'.repeat(6 * 1024 * 1024));
    const id = await openProject(b, repo);
    expect(await ok(b, 'files.read', { projectId: id, path: 'image.png' })).toMatchObject({
      kind: 'binary',
      content: '',
    });
    const big = await ok<FileContent>(b, 'files.read', { projectId: id, path: 'big.txt' });
    expect(big.readOnly).toBe(true);
    expect(big.size).toBe(6 * 1024 * 1024);
  });

  it('does not overwrite a file that changed on disk since it was opened', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const id = await openProject(b, repo);
    const file = await ok<FileContent>(b, 'files.read', { projectId: id, path: 'README.md' });
    // Another program writes it; on a coarse clock the first write may keep the time it had.
    await until(() => {
      writeFileSync(join(repo, 'README.md'), 'changed outside\n');
      return statSync(join(repo, 'README.md')).mtimeMs !== file.mtimeMs;
    });
    const reply = await call(b, 'files.write', {
      projectId: id,
      path: 'README.md',
      content: 'mine\n',
      encoding: file.encoding,
      expectedMtimeMs: file.mtimeMs,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'file_changed_on_disk' } });
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('changed outside\n');
  });

  it('creates, renames and deletes inside the project, refusing to clobber', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const id = await openProject(b, repo);
    await ok(b, 'files.create', { projectId: id, path: 'src/new.ts', kind: 'file' });
    expect(await call(b, 'files.create', { projectId: id, path: 'src/new.ts', kind: 'file' })).toMatchObject({
      error: { code: 'already_exists' },
    });
    await ok(b, 'files.rename', { projectId: id, from: 'src/new.ts', to: 'lib/renamed.ts' });
    expect(readFileSync(join(repo, 'lib/renamed.ts'), 'utf8')).toBe('');
    expect(await call(b, 'files.rename', { projectId: id, from: 'README.md', to: 'lib/renamed.ts' })).toMatchObject({
      error: { code: 'already_exists' },
    });
    expect(await ok(b, 'files.delete', { projectId: id, path: 'lib' })).toEqual({ trashed: false });
    expect(await call(b, 'files.delete', { projectId: id, path: '' })).toMatchObject({
      error: { code: 'invalid_input' },
    });
  });

  it('tells listeners when a file changes outside Weft', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const id = await openProject(b, repo);
    const seen: unknown[] = [];
    b.events.subscribe((channel, payload) => {
      if (channel === 'files.changed') seen.push(payload);
    });
    await ok(b, 'files.list', { projectId: id, dir: '' });
    await b.watch.watch(id);
    writeFileSync(join(repo, 'outside.txt'), 'hello');
    await expect
      .poll(() => seen, { timeout: 5000 })
      .toContainEqual({
        projectId: id,
        changes: expect.arrayContaining([expect.objectContaining({ path: 'outside.txt' })]),
      });
  });
});
