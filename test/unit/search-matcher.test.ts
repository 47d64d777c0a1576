import { describe, expect, it } from 'vitest';
import { compileMatcher, pathFilter, requiredLiteral, trigramQuery } from '../../src/main/search/matcher';

const q = (query: string, o: Partial<{ isRegex: boolean; caseSensitive: boolean; wholeWord: boolean }> = {}) => ({
  query,
  isRegex: false,
  caseSensitive: false,
  wholeWord: false,
  ...o,
});

describe('search matcher', () => {
  it('finds literal text case-insensitively by default, and exactly when asked', () => {
    expect(compileMatcher(q('foo'))('Foo foo FOO')).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    expect(compileMatcher(q('foo', { caseSensitive: true }))('Foo foo')).toEqual([[4, 7]]);
  });

  it('treats regex characters literally unless regex mode is on', () => {
    expect(compileMatcher(q('a.b'))('axb a.b')).toEqual([[4, 7]]);
    expect(compileMatcher(q('a.b', { isRegex: true }))('axb')).toEqual([[0, 3]]);
  });

  it('whole word respects identifier characters', () => {
    expect(compileMatcher(q('get', { wholeWord: true }))('get getter _get get()')).toEqual([
      [0, 3],
      [16, 19],
    ]);
  });

  it('reports an invalid regular expression as bad input', () => {
    expect(() => compileMatcher(q('(unclosed', { isRegex: true }))).toThrow(/not valid/);
  });

  it('extracts a literal the index can use, or none when unsure', () => {
    expect(requiredLiteral(q('handleClick'))).toBe('handleClick');
    expect(requiredLiteral(q('ab'))).toBeNull();
    expect(requiredLiteral(q('function\\s+useState', { isRegex: true }))).toBe('function');
    expect(requiredLiteral(q('colou?rful', { isRegex: true }))).toBe('colo');
    expect(requiredLiteral(q('foo|barbaz', { isRegex: true }))).toBeNull();
    expect(requiredLiteral(q('\\.test\\.ts$', { isRegex: true }))).toBe('.test.ts');
  });

  it('filters paths with include and exclude globs', () => {
    const f = pathFilter('src, *.md', 'src/generated');
    expect(f('src/a.ts')).toBe(true);
    expect(f('README.md')).toBe(true);
    expect(f('test/a.ts')).toBe(false);
    expect(f('src/generated/x.ts')).toBe(false);
    expect(pathFilter('', '')('anything')).toBe(true);
  });
});

describe('trigramQuery', () => {
  it('asks for every trigram of the literal, quoting FTS5 syntax away', () => {
    expect(trigramQuery('handleClick')).toBe('"han" AND "dle" AND "Cli" AND "ick"');
    expect(trigramQuery('abc')).toBe('"abc"');
    expect(trigramQuery('a"b"c')).toBe('"a""b" AND "b""c"');
  });
});
