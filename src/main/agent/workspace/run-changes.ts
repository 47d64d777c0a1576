// What changed in a run's worktree between two points, and one file's two versions for the diff view.
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangedFile, FileVersions } from '../../../shared/domain/agent';
import { decodeText, detectEncoding } from '../../files/text-codec';
import { addAll } from '../../git/project-scope';
import { combineChanges, parseNameStatus, parseNumstat } from './diff-parser';
import { git, gitText } from './git-process';

/** Larger versions are not shown as text (the diff view would choke); they are flagged binary instead. */
export const MAX_VERSION_BYTES = 5 * 1024 * 1024;

/**
 * A tree object of the worktree as it is now, untracked files included and ignored ones left
 * out, built in a temporary copy of the index so the worktree's own index is never touched.
 */
export async function snapshotTree(worktree: string): Promise<string> {
  const index = await gitText(worktree, ['rev-parse', '--path-format=absolute', '--git-path', 'index']);
  const temp = join(tmpdir(), `weft-index-${randomBytes(6).toString('hex')}`);
  try {
    // A copy keeps the stat cache, so only files that changed are hashed again.
    await copyFile(index, temp).catch(() => undefined);
    const env = { GIT_INDEX_FILE: temp };
    await addAll(worktree, { env });
    return await gitText(worktree, ['write-tree'], { env });
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Files changed between two tree-ish ids, renames detected. Plumbing (`diff-tree`) is used so a
 * user's diff settings (external tools, prefixes, relative paths) cannot change the output.
 */
export async function diffTrees(
  cwd: string,
  from: string,
  to: string,
  paths: readonly string[] = [],
): Promise<ChangedFile[]> {
  const base = ['diff-tree', '-r', '-z', '-M', '--no-commit-id', '--ignore-submodules=none'];
  const tail = [from, to, '--', ...paths];
  const [names, counts] = await Promise.all([
    git(cwd, [...base, '--name-status', ...tail]),
    git(cwd, [...base, '--numstat', ...tail]),
  ]);
  return combineChanges(parseNameStatus(names.stdout.toString('utf8')), parseNumstat(counts.stdout.toString('utf8')));
}

/** A blob at `tree:path`: its id and size, or null when the path does not exist there (or is no file). */
async function blobAt(cwd: string, tree: string, path: string): Promise<{ id: string; size: number } | null> {
  const out = (await git(cwd, ['cat-file', '--batch-check'], { input: `${tree}:${path}\n` })).stdout.toString().trim();
  const m = /^([0-9a-f]+) blob (\d+)$/.exec(out);
  return m ? { id: m[1]!, size: Number(m[2]) } : null;
}

interface Side {
  readonly text: string | null;
  readonly binary: boolean;
}

function decode(bytes: Buffer): Side {
  const encoding = detectEncoding(bytes);
  return encoding ? { text: decodeText(bytes, encoding), binary: false } : { text: null, binary: true };
}

async function committedSide(cwd: string, tree: string, path: string): Promise<Side | null> {
  const blob = await blobAt(cwd, tree, path);
  if (!blob) return null;
  if (blob.size > MAX_VERSION_BYTES) return { text: null, binary: true };
  return decode((await git(cwd, ['cat-file', 'blob', blob.id])).stdout);
}

/** The file as it is on disk in the worktree; a symbolic link reads as its target, as git stores it. */
async function diskSide(absolute: string): Promise<Side | null> {
  const info = await lstat(absolute).catch(() => null);
  if (!info) return null;
  if (info.isSymbolicLink()) return { text: await readlink(absolute), binary: false };
  if (!info.isFile()) return null;
  if (info.size > MAX_VERSION_BYTES) return { text: null, binary: true };
  return decode(await readFile(absolute));
}

/**
 * Both versions of `path` between commit `from` and `to` (null: the worktree now). A file
 * renamed in between is read under its old name on the `from` side.
 */
export async function readVersions(
  worktree: string,
  from: string,
  to: string | null,
  path: string,
  absolute: string,
  renamedFrom: () => Promise<string | null>,
): Promise<FileVersions> {
  let original = await committedSide(worktree, from, path);
  if (!original) {
    const oldPath = await renamedFrom();
    if (oldPath) original = await committedSide(worktree, from, oldPath);
  }
  const modified = to === null ? await diskSide(absolute) : await committedSide(worktree, to, path);
  const binary = (original?.binary ?? false) || (modified?.binary ?? false);
  return {
    path,
    original: binary || !original ? null : original.text,
    modified: binary || !modified ? null : modified.text,
    binary,
  };
}
