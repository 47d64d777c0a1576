// Moving and deleting entries (the name itself, a link not followed) through checked folders;
// the reading and writing half is verified-fs.ts.
import { lstat, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { O_NOFOLLOW } from './fd-location';
import { type FsAction, fsError } from './fs-errors';
import type { PathGuard } from './path-guard';
import { isWithin } from './path-rules';
import { DIR_FLAGS, openChecked, openDir, OpenedDir } from './verified-fs';

/** One entry of a folder, the entry itself (a link is not followed): for move and delete. */
export interface Entry {
  readonly dir: OpenedDir;
  readonly name: string;
}

/**
 * The folder of `input`, checked, and its last name; with `create`, missing folders are made.
 * The project root itself is no entry.
 */
export async function openEntry(guard: PathGuard, input: string, action: FsAction, create = false): Promise<Entry> {
  const joined = isAbsolute(input) ? resolve(input) : resolve(guard.root, input);
  const name = basename(joined);
  if (!isWithin(guard.root, joined, guard.flavour))
    throw new WeftError('path_outside_project', `${input.slice(0, 200)} is outside the project folder.`);
  if (joined === guard.root || name === '')
    throw new WeftError('invalid_input', 'The project folder itself cannot be moved or deleted here.');
  const parent = await guard.resolve(dirname(joined));
  return { dir: await openDir(guard, parent, input, action, create), name };
}

/** What an entry is, without following a link; null when nothing is there. */
export async function entryKind(entry: Entry): Promise<'file' | 'dir' | 'symlink' | 'other' | null> {
  try {
    const s = await lstat(entry.dir.at(entry.name));
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The real path an entry names (its folder checked; the name itself may be a link). */
export function entryPath(entry: Entry): string {
  return `${entry.dir.real}${entry.dir.real.endsWith(sep) ? '' : sep}${entry.name}`;
}

/** Moves `from` to `to`, refusing to overwrite; both folders checked, the rename made through them. */
export async function moveVerified(guard: PathGuard, from: string, to: string): Promise<void> {
  const src = await openEntry(guard, from, 'move');
  try {
    if ((await entryKind(src)) === null) throw new WeftError('path_not_found', `${from} does not exist.`);
    const dst = await openEntry(guard, to, 'move', true);
    try {
      if ((await entryKind(dst)) !== null) throw new WeftError('already_exists', `${to} already exists.`);
      const srcPath = entryPath(src);
      if (isWithin(srcPath, entryPath(dst), guard.flavour))
        throw new WeftError('invalid_input', 'A folder cannot move into itself.');
      await rename(src.dir.at(src.name), dst.dir.at(dst.name)).catch((error: unknown) => {
        throw fsError(error, to, 'move');
      });
    } finally {
      await dst.dir.close();
    }
  } finally {
    await src.dir.close();
  }
}

/**
 * Deletes an entry; a folder only with `recursive`. The tree is removed through descriptors,
 * each folder opened without following links from its checked parent: a folder swapped for a
 * link mid-way is unlinked as a link, never descended into (the race behind Rust's CVE-2022-21658).
 */
export async function removeVerified(guard: PathGuard, input: string, recursive: boolean): Promise<'file' | 'dir'> {
  const entry = await openEntry(guard, input, 'delete');
  try {
    const kind = await entryKind(entry);
    if (kind === null) throw new WeftError('path_not_found', `${input} does not exist.`);
    if (kind !== 'dir') {
      await unlink(entry.dir.at(entry.name)).catch((error: unknown) => {
        throw fsError(error, input, 'delete');
      });
      return 'file';
    }
    if (!recursive) throw new WeftError('is_a_directory', `${input} is a folder.`);
    await removeTree(guard, entry.dir, entry.name, input);
    return 'dir';
  } finally {
    await entry.dir.close();
  }
}

async function removeTree(guard: PathGuard, parent: OpenedDir, name: string, shown: string): Promise<void> {
  let dir: OpenedDir;
  try {
    const { handle, real } = await openChecked(guard, parent.at(name), DIR_FLAGS | O_NOFOLLOW, shown, 'dir', 'delete');
    dir = new OpenedDir(handle, real);
  } catch (error) {
    // Replaced by a link or a file since it was listed: remove that name, nothing behind it.
    const code = (error as WeftError).code;
    if (code === 'path_changed' || code === 'not_a_directory') {
      await unlink(parent.at(name)).catch((e: unknown) => {
        throw fsError(e, shown, 'delete');
      });
      return;
    }
    if (code === 'path_not_found') return;
    throw error;
  }
  try {
    for (const child of await readdir(dir.path, { withFileTypes: true })) {
      if (child.isDirectory()) await removeTree(guard, dir, child.name, shown);
      else
        await unlink(dir.at(child.name)).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code === 'EISDIR' || error.code === 'EPERM') return removeTree(guard, dir, child.name, shown);
          if (error.code !== 'ENOENT') throw fsError(error, shown, 'delete');
        });
    }
  } finally {
    await dir.close();
  }
  await rmdir(parent.at(name)).catch((error: unknown) => {
    throw fsError(error, shown, 'delete');
  });
}
