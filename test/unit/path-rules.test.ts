import { describe, expect, it } from 'vitest';
import { isWithin, pathProblem, toProjectPath } from '../../src/main/files/path-rules';

const posix = { sep: '/', caseInsensitive: false } as const;
const mac = { sep: '/', caseInsensitive: true } as const;
const win = { sep: '\\', caseInsensitive: true } as const;

describe('path rules', () => {
  it('refuses NUL bytes, control characters and empty paths', () => {
    expect(pathProblem('a\0b')).toBe('nul');
    expect(pathProblem('evil\u001b[31m.txt')).toBe('control');
    expect(pathProblem('line\nbreak')).toBe('control');
    expect(pathProblem('')).toBe('empty');
    expect(pathProblem('src/ünïcødé file.ts')).toBeNull();
  });

  it('keeps POSIX comparisons exact, including case', () => {
    expect(isWithin('/repo', '/repo/src/a.ts', posix)).toBe(true);
    expect(isWithin('/repo', '/repo', posix)).toBe(true);
    expect(isWithin('/repo', '/repository/a.ts', posix)).toBe(false);
    expect(isWithin('/repo', '/Repo/a.ts', posix)).toBe(false);
    expect(isWithin('/repo', '/etc/passwd', posix)).toBe(false);
  });

  it('ignores case on case-insensitive volumes', () => {
    expect(isWithin('/Users/me/Repo', '/users/me/repo/src', mac)).toBe(true);
    expect(isWithin('/Users/me/Repo', '/Users/me/RepoX', mac)).toBe(false);
  });

  it('follows Windows rules: drive letters, separators, UNC shares', () => {
    expect(isWithin('C:\\Code\\repo', 'c:\\code\\REPO\\src\\a.ts', win)).toBe(true);
    expect(isWithin('C:\\Code\\repo', 'C:/Code/repo/src/a.ts', win)).toBe(true);
    expect(isWithin('C:\\Code\\repo', 'D:\\Code\\repo\\a.ts', win)).toBe(false);
    expect(isWithin('\\\\server\\share\\repo', '\\\\SERVER\\share\\repo\\x', win)).toBe(true);
    expect(isWithin('\\\\server\\share\\repo', '\\\\server\\other\\repo\\x', win)).toBe(false);
  });

  it('gives the UI forward-slashed project paths', () => {
    expect(toProjectPath('/repo', '/repo/src/a.ts', posix)).toBe('src/a.ts');
    expect(toProjectPath('C:\\repo', 'C:\\repo\\src\\a.ts', win)).toBe('src/a.ts');
    expect(toProjectPath('/repo', '/repo', posix)).toBe('');
  });
});
