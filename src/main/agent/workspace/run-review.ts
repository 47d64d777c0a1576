// The end of a run's review: merge, cherry-pick into the user's tree, and removing the worktree.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeftError } from '../../../shared/ipc/errors';
import { parseNameList } from './diff-parser';
import { pinnedGitDir, unpinGitDir } from '../../git/git-process';
import { git, GitFailure, gitText } from './git-process';
import {
  checkBranch,
  currentBranch,
  dirtyEntries,
  entryPaths,
  headCommit,
  isAncestor,
  nameList,
  resolveCommit,
  weftIdentity,
} from './repo-queries';
import { diffTrees } from './run-changes';
import type { RunTree } from './run-history';
import { repoPath } from './repo-paths';

/** What a cherry-pick did to the user's working tree. */
export interface CherryPickResult {
  /** Files now carrying the run's changes, uncommitted. */
  readonly applied: string[];
  /** Files the project had changed since the run started, left with conflict markers to resolve. */
  readonly conflicted: string[];
}

/** Paths changed between two commits, renames naming both sides. */
async function touched(top: string, from: string, to: string): Promise<string[]> {
  const out = new Set<string>();
  for (const c of await diffTrees(top, from, to)) {
    out.add(c.path);
    if (c.oldPath) out.add(c.oldPath);
  }
  return [...out];
}

/** Refuses when any of `paths` has uncommitted (or untracked) changes in the user's tree. */
async function refuseLocalChanges(top: string, paths: readonly string[], doing: string): Promise<void> {
  const dirty = entryPaths(await dirtyEntries(top));
  const clash = paths.filter((p) => dirty.has(p));
  if (clash.length > 0)
    throw new WeftError(
      'uncommitted_changes',
      `${nameList(clash)} ${clash.length === 1 ? 'has' : 'have'} uncommitted changes in your working tree. Commit or stash ${clash.length === 1 ? 'it' : 'them'} before ${doing}.`,
    );
  // git overwrites ignored files without a word (a run could commit its own `.env` over yours).
  const ignored =
    paths.length === 0
      ? []
      : parseNameList(
          (
            await git(top, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--', ...paths])
          ).stdout.toString('utf8'),
        );
  if (ignored.length > 0)
    throw new WeftError(
      'uncommitted_changes',
      `${nameList(ignored)} ${ignored.length === 1 ? 'is an ignored file' : 'are ignored files'} in your working tree that the run also wrote; ${doing} would overwrite ${ignored.length === 1 ? 'it' : 'them'}. Move ${ignored.length === 1 ? 'it' : 'them'} aside first.`,
    );
}

async function unmergedFiles(top: string): Promise<string[]> {
  return parseNameList((await git(top, ['diff', '--name-only', '-z', '--diff-filter=U'])).stdout.toString('utf8'));
}

async function inMerge(top: string): Promise<boolean> {
  return (await git(top, ['rev-parse', '--verify', '--quiet', 'MERGE_HEAD'], { okCodes: [1] })).code === 0;
}

/** The user's identity when git has one, else Weft's, so the merge commit can be written. */
async function mergeIdentity(top: string): Promise<Record<string, string>> {
  const { code } = await git(top, ['var', 'GIT_COMMITTER_IDENT'], { okCodes: [128] });
  return code === 0 ? {} : { ...weftIdentity };
}

export async function mergeRun(
  top: string,
  run: RunTree | null,
  branch: string,
  baseBranch: string,
): Promise<{ commit: string }> {
  checkBranch(branch);
  checkBranch(baseBranch);
  const current = await currentBranch(top);
  if (current !== baseBranch)
    throw new WeftError(
      'invalid_ref',
      `The run started from ${baseBranch}, but ${current ?? 'a detached HEAD'} is checked out now. Switch to ${baseBranch} to merge, or keep the run as a branch.`,
    );
  if (run && (await dirtyEntries(run.path)).length > 0)
    throw new WeftError('uncommitted_changes', 'The run worktree has changes that are not checkpointed yet.');
  if (await inMerge(top))
    throw new WeftError(
      'uncommitted_changes',
      'Your repository is in the middle of a merge. Finish or abort it first.',
    );
  const tip = await resolveCommit(top, `refs/heads/${branch}`);
  const head = (await headCommit(top))!;
  const base = await gitText(top, ['merge-base', head, tip]);
  await refuseLocalChanges(top, await touched(top, base, tip), 'merging');

  // Ask first without touching anything (git 2.38+); older git falls through to merge and abort.
  const probe = await git(top, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', head, tip], {
    okCodes: [1, 129],
  });
  if (probe.code === 1) {
    const files = parseNameList(probe.stdout.toString('utf8')).slice(1);
    throw conflict(files, branch, baseBranch);
  }

  const message = `Merge ${branch} (Weft agent run) into ${baseBranch}`;
  try {
    await git(top, ['merge', '--no-ff', '--no-verify', '--no-edit', '-m', message, tip], {
      env: await mergeIdentity(top),
    });
  } catch (error) {
    const files = await unmergedFiles(top);
    // Only a merge this call started is aborted; the check above made sure there was none before.
    if (await inMerge(top)) await git(top, ['merge', '--abort']);
    if (files.length > 0) throw conflict(files, branch, baseBranch);
    throw error;
  }
  return { commit: (await headCommit(top))! };
}

function conflict(files: readonly string[], branch: string, into: string): WeftError {
  return new WeftError(
    'merge_conflict',
    `${branch} conflicts with ${into} in ${nameList([...new Set(files)], 10)}. Nothing was changed; cherry-pick other files or keep the run as a branch.`,
  );
}

/**
 * Applies the run's changes to the chosen files onto the user's working tree. A plain apply
 * when the files are as the run found them; otherwise a three-way apply, which leaves conflict
 * markers where the project changed the same lines. The index is left as it was for clean files.
 */
export async function cherryPickFiles(
  top: string,
  run: RunTree,
  baseCommit: string,
  files: readonly string[],
): Promise<CherryPickResult> {
  if (files.length === 0) throw new WeftError('invalid_input', 'Choose at least one file to apply.');
  const base = await resolveCommit(run.path, baseCommit);
  const tip = (await headCommit(run.path))!;
  if (!(await isAncestor(run.path, base, tip)))
    throw new WeftError('checkpoint_not_found', `Commit ${base.slice(0, 12)} is not where this run started.`);
  const wanted = new Set<string>();
  for (const f of files) wanted.add((await repoPath(top, f)).rel);
  const changed = await diffTrees(run.path, base, tip);
  const chosen = changed.filter((c) => wanted.has(c.path));
  const unknown = [...wanted].filter((p) => !chosen.some((c) => c.path === p));
  if (unknown.length > 0) throw new WeftError('invalid_input', `The run did not change ${nameList(unknown)}.`);
  const paths = [...new Set(chosen.flatMap((c) => (c.oldPath ? [c.path, c.oldPath] : [c.path])))];
  await refuseLocalChanges(top, paths, 'applying the run’s version');

  const patch = (
    await git(run.path, [
      'diff-tree',
      '-p',
      '--binary',
      '--full-index',
      '-M',
      '--no-commit-id',
      base,
      tip,
      '--',
      ...paths,
    ])
  ).stdout;
  const check = await git(top, ['apply', '--check', '--whitespace=nowarn', '-'], { input: patch, okCodes: [1] });
  if (check.code === 0) {
    await git(top, ['apply', '--whitespace=nowarn', '-'], { input: patch });
    return { applied: chosen.map((c) => c.path), conflicted: [] };
  }
  try {
    await git(top, ['apply', '--3way', '--whitespace=nowarn', '-'], { input: patch, okCodes: [1] });
  } catch (error) {
    if (error instanceof GitFailure)
      throw new WeftError('merge_conflict', `The selected files could not be applied: ${error.message}`);
    throw error;
  }
  const conflicted = await unmergedFiles(top);
  const clean = paths.filter((p) => !conflicted.includes(p));
  // --3way stages what it applies; unstage the clean files so they show as ordinary edits.
  if (clean.length > 0) await git(top, ['reset', '--quiet', '--', ...clean]);
  return { applied: chosen.map((c) => c.path).filter((p) => !conflicted.includes(p)), conflicted };
}

/** Removes a run's worktree folder through git (which also drops its administrative files). */
export async function removeWorktree(top: string, path: string): Promise<void> {
  // git removes only a worktree whose `.git` points back to it; a run may have rewritten (or
  // replaced) that link, so it is written again, as a new file, from the folder Weft pinned.
  const gitDir = pinnedGitDir(path);
  if (gitDir) {
    const link = join(path, '.git');
    await rm(link, { recursive: true, force: true });
    await writeFile(link, `gitdir: ${gitDir}\n`, { flag: 'wx' });
  }
  // --force: ignored files (build output, node_modules) would otherwise block removal; callers
  // have already checked that no unsaved work is in it or that the user chose to discard it.
  await git(top, ['worktree', 'remove', '--force', path]);
  unpinGitDir(path);
}
