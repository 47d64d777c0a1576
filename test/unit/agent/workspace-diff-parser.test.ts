import { describe, expect, it } from 'vitest';
import {
  combineChanges,
  parseNameList,
  parseNameStatus,
  parseNumstat,
  parseWorktreeList,
} from '../../../src/main/agent/workspace/diff-parser';

describe('parseNumstat', () => {
  it('reads counts, binary files and renames (old and new name as separate records)', () => {
    const out = [
      '3\t1\tsrc/a file.ts',
      '-\t-\timg.png',
      '0\t0\t',
      'old/name.ts',
      'new/name.ts',
      '12\t0\tnew.ts',
      '',
    ].join('\0');
    expect(parseNumstat(out)).toEqual([
      { path: 'src/a file.ts', oldPath: null, additions: 3, deletions: 1 },
      { path: 'img.png', oldPath: null, additions: null, deletions: null },
      { path: 'new/name.ts', oldPath: 'old/name.ts', additions: 0, deletions: 0 },
      { path: 'new.ts', oldPath: null, additions: 12, deletions: 0 },
    ]);
  });

  it('keeps tabs and newlines inside names, which -z leaves unquoted', () => {
    expect(parseNumstat('1\t2\tweird\tname\nx\0')).toEqual([
      { path: 'weird\tname\nx', oldPath: null, additions: 1, deletions: 2 },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(parseNumstat('')).toEqual([]);
  });
});

describe('parseNameStatus', () => {
  it('maps every status letter to the four kinds the UI shows', () => {
    const out = [
      'M',
      'a.ts',
      'A',
      'b.ts',
      'D',
      'c.ts',
      'R087',
      'old.ts',
      'new.ts',
      'C075',
      'src.ts',
      'copy.ts',
      'T',
      'link',
      '',
    ].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { path: 'a.ts', oldPath: null, status: 'modified' },
      { path: 'b.ts', oldPath: null, status: 'added' },
      { path: 'c.ts', oldPath: null, status: 'deleted' },
      { path: 'new.ts', oldPath: 'old.ts', status: 'renamed' },
      { path: 'copy.ts', oldPath: null, status: 'added' },
      { path: 'link', oldPath: null, status: 'modified' },
    ]);
  });
});

describe('combineChanges', () => {
  it('joins both listings by path, flags binaries and sorts by path', () => {
    const names = parseNameStatus(['M', 'z.ts', 'R100', 'a.ts', 'b.ts', 'A', 'img.png', ''].join('\0'));
    const counts = parseNumstat(['5\t2\tz.ts', '0\t0\t', 'a.ts', 'b.ts', '-\t-\timg.png', ''].join('\0'));
    expect(combineChanges(names, counts)).toEqual([
      { path: 'b.ts', oldPath: 'a.ts', status: 'renamed', additions: 0, deletions: 0, binary: false },
      { path: 'img.png', oldPath: null, status: 'added', additions: 0, deletions: 0, binary: true },
      { path: 'z.ts', oldPath: null, status: 'modified', additions: 5, deletions: 2, binary: false },
    ]);
  });
});

describe('parseNameList', () => {
  it('splits NUL-separated names and drops the empty tail', () => {
    expect(parseNameList('a\0b c\0')).toEqual(['a', 'b c']);
    expect(parseNameList('')).toEqual([]);
  });
});

describe('parseWorktreeList', () => {
  it('reads the main worktree, a branch worktree, a detached, a locked and a prunable one', () => {
    const out = [
      'worktree /repo',
      'HEAD 1111111111111111111111111111111111111111',
      'branch refs/heads/main',
      '',
      'worktree /data/worktrees/abc123',
      'HEAD 2222222222222222222222222222222222222222',
      'branch refs/heads/weft/abc123',
      'locked',
      '',
      'worktree /tmp/detached',
      'HEAD 3333333333333333333333333333333333333333',
      'detached',
      'prunable gitdir file points to non-existent location',
      '',
      '',
    ].join('\0');
    expect(parseWorktreeList(out)).toEqual([
      {
        path: '/repo',
        head: '1111111111111111111111111111111111111111',
        branch: 'main',
        bare: false,
        locked: false,
        prunable: false,
      },
      {
        path: '/data/worktrees/abc123',
        head: '2222222222222222222222222222222222222222',
        branch: 'weft/abc123',
        bare: false,
        locked: true,
        prunable: false,
      },
      {
        path: '/tmp/detached',
        head: '3333333333333333333333333333333333333333',
        branch: null,
        bare: false,
        locked: false,
        prunable: true,
      },
    ]);
  });

  it('reads a bare repository entry', () => {
    expect(parseWorktreeList('worktree /srv/repo.git\0bare\0\0')).toEqual([
      { path: '/srv/repo.git', head: null, branch: null, bare: true, locked: false, prunable: false },
    ]);
  });
});
