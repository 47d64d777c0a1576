import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IndexStatus, SearchResult } from '../../src/shared/domain/search';
import { call, ok, openProject, testBackend } from '../helpers/backend';
import { makeRepo } from '../helpers/fixtures';

function fixture(): string {
  const repo = makeRepo();
  mkdirSync(join(repo, 'src'));
  mkdirSync(join(repo, 'dist'));
  writeFileSync(join(repo, '.gitignore'), 'dist/\n');
  writeFileSync(join(repo, 'src', 'app.ts'), 'export function handleClick(event) {\n  return getUser(event);\n}\n');
  writeFileSync(join(repo, 'src', 'user.ts'), 'export const getUser = (e) => e.user;\n// TODO: getUserName\n');
  writeFileSync(join(repo, 'dist', 'bundle.js'), 'function handleClick(){}');
  writeFileSync(join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0, 0, 0x68, 0x61, 0x6e, 0x64, 0x6c, 0x65]));
  return repo;
}

const query = (projectId: string, q: string, extra: Record<string, unknown> = {}) => ({
  projectId,
  query: q,
  ...extra,
});

describe('code search', () => {
  it('answers from a scan while the index builds, then from the index, with the same results', async () => {
    const b = testBackend();
    const id = await openProject(b, fixture());
    const first = await ok<SearchResult>(b, 'search.query', query(id, 'handleclick'));
    expect(first.source).toBe('scan');
    expect(first.files.map((f) => f.path)).toEqual(['src/app.ts']);
    await b.search.whenReady(id);
    expect(await ok<IndexStatus>(b, 'search.status', { projectId: id })).toMatchObject({
      state: 'ready',
      totalFiles: 5,
    });
    const second = await ok<SearchResult>(b, 'search.query', query(id, 'handleclick'));
    expect(second.source).toBe('index');
    expect(second.files).toEqual(first.files);
    expect(second.files[0]?.matches[0]).toEqual({
      line: 1,
      text: 'export function handleClick(event) {',
      ranges: [[16, 27]],
    });
  });

  it('supports case, whole word, regex and include/exclude globs', async () => {
    const b = testBackend();
    const id = await openProject(b, fixture());
    b.search.ensureIndex(id);
    await b.search.whenReady(id);
    const paths = async (q: string, extra: Record<string, unknown> = {}) =>
      (await ok<SearchResult>(b, 'search.query', query(id, q, extra))).files.map((f) => f.path);
    expect(await paths('getuser')).toEqual(['src/app.ts', 'src/user.ts']);
    expect(await paths('getuser', { caseSensitive: true })).toEqual([]);
    expect(await paths('getUser', { wholeWord: true })).toEqual(['src/app.ts', 'src/user.ts']);
    expect((await ok<SearchResult>(b, 'search.query', query(id, 'getUser', { wholeWord: true }))).matchCount).toBe(2);
    expect(await paths('get\\w+Name', { isRegex: true })).toEqual(['src/user.ts']);
    expect(await paths('getUser', { include: 'src/user.ts' })).toEqual(['src/user.ts']);
    expect(await paths('getUser', { exclude: 'user.ts' })).toEqual(['src/app.ts']);
    expect(await paths('ha')).toEqual(['src/app.ts']);
  });

  it('finds text in a file created after the index was built', async () => {
    const b = testBackend();
    const repo = fixture();
    const id = await openProject(b, repo);
    b.search.ensureIndex(id);
    await b.search.whenReady(id);
    await b.watch.watch(id);
    writeFileSync(join(repo, 'src', 'later.ts'), 'const brandNewSymbol = 1;\n');
    await expect
      .poll(
        async () => (await ok<SearchResult>(b, 'search.query', query(id, 'brandNewSymbol'))).files.map((f) => f.path),
        {
          timeout: 5000,
        },
      )
      .toEqual(['src/later.ts']);
  });

  it('reports an invalid regular expression as bad input', async () => {
    const b = testBackend();
    const id = await openProject(b, fixture());
    expect(await call(b, 'search.query', query(id, '(oops', { isRegex: true }))).toMatchObject({
      error: { code: 'invalid_input' },
    });
  });
});
