// The git steps of landing one task: bring its branch onto the base, and move the base.
import { existsSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { git, GitFailure, gitText } from '../../git/git-process';
import { dirtyEntries, entryPaths, weftIdentity } from '../../agent/workspace/repo-queries';
import type { WorktreeEntry } from './worktree-list';

export type Strategy = 'rebase' | 'merge';

export interface GitPlace {
  readonly repo: string;
  readonly trusted: boolean;
}

/** The commit a full ref points at, or null when there is no such ref. */
export async function refCommit(place: GitPlace, ref: string): Promise<string | null> {
  const { code, stdout } = await git(place.repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    okCodes: [1],
    trusted: place.trusted,
  });
  return code === 0 ? stdout.toString().trim() : null;
}

/** The same folder, however it was spelled (git records worktree paths as given). */
export function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  return real(a) === real(b);
}

/** The worktree that has `branch` (short name) checked out, if any. */
export function checkedOutAt(worktrees: readonly WorktreeEntry[], branch: string): string | null {
  const entry = worktrees.find((w) => w.branch === `refs/heads/${branch}` && !w.prunable);
  return entry?.path ?? null;
}

export type UpdateResult = { ok: true; commit: string } | { ok: false; conflicts: string[]; message: string };

/**
 * Puts the work checked out in `workdir` on top of `baseOld`. Options that user config could
 * turn into something else are spelled out: `rebase.updateRefs` would move other branches,
 * autosquash would reorder commits, `merge.ff=only` would refuse the merge.
 */
export async function updateOntoBase(
  place: GitPlace,
  workdir: string,
  baseOld: string,
  strategy: Strategy,
  label: string,
): Promise<UpdateResult> {
  const committer = {
    GIT_COMMITTER_NAME: weftIdentity.GIT_COMMITTER_NAME!,
    GIT_COMMITTER_EMAIL: weftIdentity.GIT_COMMITTER_EMAIL!,
  };
  const args =
    strategy === 'rebase'
      ? ['rebase', '--no-autostash', '--no-autosquash', '--no-update-refs', baseOld]
      : ['merge', '--ff', '--no-edit', '--no-autostash', '--no-verify-signatures', '-m', `Merge ${label}`, baseOld];
  // A rebase keeps each commit's author; a merge commit is Weft's own.
  const env = strategy === 'rebase' ? committer : weftIdentity;
  const run = await git(workdir, args, { okCodes: [1, 128], env, trusted: place.trusted });
  if (run.code === 0) return { ok: true, commit: await gitText(workdir, ['rev-parse', 'HEAD']) };
  const unmerged = await git(workdir, ['diff', '--name-only', '-z', '--diff-filter=U'], { trusted: place.trusted });
  const conflicts = unmerged.stdout.toString('utf8').split('\0').filter(Boolean);
  await abortInProgress(place, workdir);
  if (conflicts.length) return { ok: false, conflicts, message: `The task conflicts with ${label}.` };
  throw new GitFailure(args, run);
}

/** Ends a rebase or merge left half-done in `workdir` (by a conflict or a killed Weft), restoring the branch. */
export async function abortInProgress(place: GitPlace, workdir: string): Promise<void> {
  if (!existsSync(workdir)) return;
  const names = ['rebase-merge', 'rebase-apply', 'MERGE_HEAD'];
  const paths = (
    await gitText(workdir, ['rev-parse', '--path-format=absolute', ...names.flatMap((n) => ['--git-path', n])])
  ).split('\n');
  if (existsSync(paths[0]!) || existsSync(paths[1]!))
    await git(workdir, ['rebase', '--abort'], { trusted: place.trusted });
  if (existsSync(paths[2]!)) await git(workdir, ['merge', '--abort'], { trusted: place.trusted });
}

/** Files the fast-forward from `from` to `to` changes that have uncommitted changes in `checkout`. */
export async function blockingChanges(place: GitPlace, checkout: string, from: string, to: string): Promise<string[]> {
  const changed = await git(place.repo, ['diff-tree', '-r', '--name-only', '-z', '--no-renames', from, to], {
    trusted: place.trusted,
  });
  const dirty = entryPaths(await dirtyEntries(checkout));
  return changed.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p && dirty.has(p));
}

/**
 * Brings the files of `checkout` from `from` to `to` the way `git merge --ff-only` does: a
 * two-tree `read-tree -m -u` changes only paths that differ between the two commits, and
 * refuses (changing nothing) when one of them has local changes or an untracked file is in the way.
 */
export async function fastForwardFiles(place: GitPlace, checkout: string, from: string, to: string): Promise<void> {
  await git(checkout, ['read-tree', '-m', '-u', from, to], { trusted: place.trusted });
}

/** Compare-and-swap of a ref: true when it moved from `from` to `to`, false when it was not at `from`. */
export async function casRef(place: GitPlace, ref: string, to: string, from: string, why: string): Promise<boolean> {
  const { code } = await git(place.repo, ['update-ref', '-m', why, ref, to, from], {
    okCodes: [1, 128],
    trusted: place.trusted,
  });
  return code === 0;
}

/** A detached worktree of `commit` at `path`, for a task whose own worktree is gone. */
export async function addTemporaryWorktree(place: GitPlace, path: string, commit: string): Promise<void> {
  await removeTemporaryWorktree(place, path);
  await git(place.repo, ['worktree', 'add', '--detach', path, commit], { trusted: place.trusted });
}

export async function removeTemporaryWorktree(place: GitPlace, path: string): Promise<void> {
  await git(place.repo, ['worktree', 'remove', '--force', path], { okCodes: [128], trusted: place.trusted });
  await rm(path, { recursive: true, force: true });
  await git(place.repo, ['worktree', 'prune'], { trusted: place.trusted });
}
