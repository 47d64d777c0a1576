import { describe, expect, it } from 'vitest';
import { parseStatusV2 } from '../../../src/main/git/status-parser';

describe('parseStatusV2', () => {
  it('reads branch headers, ordinary, renamed, unmerged and untracked records', () => {
    const out = [
      '# branch.oid 1234567890abcdef1234567890abcdef12345678',
      '# branch.head feature/x',
      '# branch.upstream origin/feature/x',
      '# branch.ab +2 -1',
      '1 .M N... 100644 100644 100644 aaaa bbbb src/app file.ts',
      '1 A. N... 000000 100644 100644 0000 cccc new.ts',
      '2 R. N... 100644 100644 100644 dddd dddd R100 renamed.ts',
      'old name.ts',
      'u UU N... 100644 100644 100644 100644 e f g conflict.ts',
      '? untracked dir/file.txt',
      '! ignored.log',
      '',
    ].join('\0');
    const s = parseStatusV2(out);
    expect(s).toMatchObject({ branch: 'feature/x', upstream: 'origin/feature/x', ahead: 2, behind: 1 });
    expect(s.entries).toEqual([
      { path: 'src/app file.ts', origPath: null, index: '.', worktree: 'M', conflicted: false },
      { path: 'new.ts', origPath: null, index: 'A', worktree: '.', conflicted: false },
      { path: 'renamed.ts', origPath: 'old name.ts', index: 'R', worktree: '.', conflicted: false },
      { path: 'conflict.ts', origPath: null, index: 'U', worktree: 'U', conflicted: true },
      { path: 'untracked dir/file.txt', origPath: null, index: '?', worktree: '?', conflicted: false },
    ]);
  });

  it('handles a new repository and a detached HEAD', () => {
    expect(parseStatusV2('# branch.oid (initial)\0# branch.head main\0')).toMatchObject({ head: null, branch: 'main' });
    expect(parseStatusV2('# branch.oid abc\0# branch.head (detached)\0').branch).toBeNull();
  });
});
