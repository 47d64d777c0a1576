// Small read-only questions to git shared by the run workspace operations.
import type { StatusEntry } from '../../../shared/domain/git';
import { WeftError } from '../../../shared/ipc/errors';
import { UNTRUSTED_SUBMODULES } from '../../git/git-safety';
import { refNameProblem, revisionProblem } from '../../git/refs';
import { parseStatusV2 } from '../../git/status-parser';
import { git, GitFailure, gitText } from './git-process';

/** The identity of checkpoint commits, so they work on machines without `user.name` configured. */
export const weftIdentity: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'Weft Agent',
  GIT_AUTHOR_EMAIL: 'agent@weft.invalid',
  GIT_COMMITTER_NAME: 'Weft Agent',
  GIT_COMMITTER_EMAIL: 'agent@weft.invalid',
};

/** A branch name as given by a caller, checked against git's rules. */
export function checkBranch(name: string): string {
  const problem = refNameProblem(name);
  if (problem) throw new WeftError('invalid_ref', `"${name.slice(0, 80)}" is not a valid branch name: ${problem}.`);
  return name;
}

/** The full hash of a commit, or `checkpoint_not_found`; the revision is validated before git sees it. */
export async function resolveCommit(cwd: string, rev: string): Promise<string> {
  const problem = revisionProblem(rev);
  if (problem) throw new WeftError('invalid_ref', `"${rev.slice(0, 80)}" is not a valid revision: ${problem}.`);
  try {
    return await gitText(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch (error) {
    if (error instanceof GitFailure)
      throw new WeftError('checkpoint_not_found', `There is no commit ${rev.slice(0, 80)}.`);
    throw error;
  }
}

/** True when `ancestor` is `descendant` or lies in its history. */
export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  // 128: one of them is no longer a commit here (pruned); then it is not an ancestor either.
  const { code } = await git(cwd, ['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1, 128] });
  return code === 0;
}

/** The commit HEAD points at, or null in a repository with no commit yet. */
export async function headCommit(cwd: string): Promise<string | null> {
  const { code, stdout } = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okCodes: [1] });
  return code === 0 ? stdout.toString().trim() : null;
}

/** The checked-out branch, null when HEAD is detached. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const { code, stdout } = await git(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [1] });
  return code === 0 ? stdout.toString().trim() || null : null;
}

/**
 * Changed, staged and untracked (not ignored) files of a working tree, one by one. A submodule
 * counts when its commit moved; what is inside it is not looked at (its own config could run
 * programs, see git-safety.ts).
 */
export async function dirtyEntries(cwd: string): Promise<StatusEntry[]> {
  const out = await git(cwd, ['status', '--porcelain=v2', '-z', '--untracked-files=all', UNTRUSTED_SUBMODULES]);
  return parseStatusV2(out.stdout.toString('utf8')).entries;
}

/** Every path a set of status entries names (renames name both sides). */
export function entryPaths(entries: readonly StatusEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    out.add(e.path);
    if (e.origPath) out.add(e.origPath);
  }
  return out;
}

/** A short list of names for a message: the first few, then how many more. */
export function nameList(paths: readonly string[], max = 5): string {
  const shown = paths.slice(0, max).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}
