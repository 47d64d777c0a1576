// The git features the fleet relies on, checked once per git binary.
import { gitText } from '../../git/git-process';
import { FleetGitError } from './errors';

export interface GitVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** `git version 2.39.5` (and vendor suffixes such as `.windows.1` or ` (Apple Git-143)`). */
export function parseGitVersion(text: string): GitVersion | null {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : null;
}

export function atLeast(v: GitVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

let cached: Promise<GitVersion> | null = null;

/** The installed git's version (asked once per process; git does not change under a running app). */
export function gitVersion(cwd: string): Promise<GitVersion> {
  cached ??= gitText(cwd, ['version']).then((text) => {
    const v = parseGitVersion(text);
    if (!v) throw new FleetGitError('git_too_old', `Could not read the git version from "${text.slice(0, 80)}".`);
    return v;
  });
  // A failed probe (git missing, odd folder) is not remembered, so a fixed PATH is seen next time.
  cached.catch(() => (cached = null));
  return cached;
}

/**
 * `git merge-tree --write-tree` (a merge computed without a worktree or index) arrived in git 2.38;
 * older git only has the deprecated trivial mode, which cannot say whether files conflict.
 */
export async function requireMergeTree(cwd: string): Promise<GitVersion> {
  const v = await gitVersion(cwd);
  if (!atLeast(v, 2, 38))
    throw new FleetGitError(
      'git_too_old',
      `The conflict radar and merge queue need git 2.38 or newer (for "git merge-tree --write-tree"); this is git ${v.major}.${v.minor}.${v.patch}. Update git to use them.`,
    );
  return v;
}
