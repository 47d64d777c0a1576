// A project may be a folder inside a larger repository (`repo/packages/app`); Weft's git keeps to it.
import type { RepoStatus } from '../../shared/domain/git';
import { git, type GitOptions } from './git-process';
import { UNTRUSTED_SUBMODULES } from './git-safety';
import { changedPaths, parseStatusV2 } from './status-parser';

/**
 * Where the project folder sits in its repository, as git prints it: '' at the top level, else
 * `packages/app/`. Asked each time: the folder can become (or stop being) part of a repository.
 */
export async function projectPrefix(root: string, options: GitOptions = {}): Promise<string> {
  return (await git(root, ['rev-parse', '--show-prefix'], options)).stdout.toString('utf8').trim();
}

/** A path git printed relative to the repository's top, relative to the project; null when outside it. */
export function inProject(prefix: string, topPath: string): string | null {
  if (prefix === '') return topPath;
  return topPath.startsWith(prefix) && topPath.length > prefix.length ? topPath.slice(prefix.length) : null;
}

/**
 * `git status` of the project folder only (run in it with `-- .`), its paths relative to the
 * project, as the explorer and the editor name files. A rename from outside shows as an addition.
 */
export async function projectStatus(
  root: string,
  options: GitOptions & { untracked?: boolean } = {},
): Promise<RepoStatus> {
  const prefix = await projectPrefix(root, options);
  const untracked = options.untracked === false ? '--untracked-files=no' : '--untracked-files=all';
  const submodules = options.trusted ? [] : [UNTRUSTED_SUBMODULES];
  const args = ['status', '--porcelain=v2', '--branch', '-z', untracked, ...submodules, '--', '.'];
  const out = await git(root, args, options);
  const status = parseStatusV2(out.stdout.toString('utf8'));
  const entries = [];
  for (const e of status.entries) {
    const path = inProject(prefix, e.path);
    if (path === null) continue;
    entries.push({ ...e, path, origPath: e.origPath === null ? null : inProject(prefix, e.origPath) });
  }
  return { ...status, entries };
}

/**
 * Staged paths outside the project folder (renames name both sides): a commit records the whole
 * index, so Weft commits for a project only when everything staged lies inside it.
 */
export async function stagedOutside(root: string, options: GitOptions = {}): Promise<string[]> {
  const prefix = await projectPrefix(root, options);
  if (prefix === '') return [];
  const out = await git(root, ['diff', '--cached', '--name-only', '--no-renames', '-z', '--no-ext-diff'], options);
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '' && inProject(prefix, p) === null);
}

/**
 * The changed (and, with `untracked`, untracked) files under `paths` in the project, relative to
 * the repository's top, submodules left out. Commands that take a whole folder (`add -A .`,
 * `stash push .`) run `git status` inside every checked-out submodule there, under that
 * submodule's own config, whose drivers Weft never listed (git-safety.ts); in untrusted folders
 * they are given these names instead.
 */
export async function changedFiles(
  root: string,
  options: GitOptions,
  untracked: boolean,
  paths: readonly string[] = ['.'],
): Promise<string[]> {
  const prefix = await projectPrefix(root, options);
  const show = untracked ? '--untracked-files=all' : '--untracked-files=no';
  const args = ['status', '--porcelain=v2', '-z', show, UNTRUSTED_SUBMODULES, '--', ...paths];
  const status = await git(root, args, options);
  return changedPaths(status.stdout.toString('utf8')).filter((p) => inProject(prefix, p) !== null);
}

/** Names for `--pathspec-from-file=- --pathspec-file-nul`, which takes any number of them. */
export function pathspecInput(paths: readonly string[]): string {
  return paths.join('\0');
}

/** `git add -A` of `paths` (project-relative, default the whole project); see changedFiles. */
export async function addAll(
  root: string,
  options: GitOptions = {},
  flags: readonly string[] = [],
  paths: readonly string[] = ['.'],
): Promise<void> {
  if (options.trusted) {
    await git(root, ['add', '-A', ...flags, '--', ...paths], options);
    return;
  }
  const prefix = await projectPrefix(root, options);
  const changed = (await changedFiles(root, options, true, paths)).map((p) => inProject(prefix, p)!);
  if (changed.length === 0) return;
  await git(root, ['add', '-A', ...flags, '--pathspec-from-file=-', '--pathspec-file-nul'], {
    ...options,
    input: pathspecInput(changed),
  });
}
