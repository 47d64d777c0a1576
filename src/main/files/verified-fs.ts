// Reads and writes that check what was opened, never a name opened again later (issue #12).
// PathGuard.resolve answers early for a path that is plainly outside; this module is what holds
// when a folder is swapped for a link between that check and the open. See fd-location.ts for
// what holds on which platform.
import { randomBytes } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { type FsAction, fsError } from './fs-errors';
import { locate, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, pathIn } from './fd-location';
import type { PathGuard } from './path-guard';
import { isWithin } from './path-rules';

/** A regular file opened for reading, its location checked. Close `handle`. */
export interface OpenedFile {
  readonly handle: FileHandle;
  readonly real: string;
  readonly info: Stats;
}

/** An opened folder, its location checked; names inside it are reached through `at`. */
export class OpenedDir {
  constructor(
    readonly handle: FileHandle,
    readonly real: string,
  ) {}

  /** The folder itself, for readdir. */
  get path(): string {
    return pathIn(this.handle, this.real);
  }

  /** One name inside the folder, resolved from the opened folder. */
  at(name: string): string {
    return pathIn(this.handle, this.real, name);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

const FILE_FLAGS = constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
export const DIR_FLAGS = constants.O_RDONLY | O_DIRECTORY | O_NONBLOCK;
const NEW_FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;

/**
 * Checks an open descriptor: inside the root, of the expected kind, and not a hard link.
 *
 * Hard links: a regular file with more than one link may share its inode with a file outside
 * the project (anyone who can read a file on the same filesystem can link it in, and the link
 * looks like any other file), and nothing short of scanning the whole filesystem tells where the
 * other names are. So such files are refused for reading and writing. Under the Linux sandbox
 * the run cannot make one (link(2) across bind mounts fails with EXDEV), but the project folder
 * itself has no such wall, and tools such as pnpm hard-link on purpose: those files are refused too.
 */
async function verify(
  guard: PathGuard,
  handle: FileHandle,
  openedAs: string,
  shown: string,
  kind: 'file' | 'dir',
): Promise<{ real: string; info: Stats }> {
  const info = await handle.stat();
  const real = await locate(handle, openedAs, info, shown);
  if (!isWithin(guard.root, real, guard.flavour))
    throw new WeftError('path_outside_project', `${shown.slice(0, 200)} is outside the project folder.`);
  if (kind === 'dir' && !info.isDirectory()) throw new WeftError('not_a_directory', `${shown} is not a folder.`);
  if (kind === 'file') {
    if (info.isDirectory()) throw new WeftError('is_a_directory', `${shown} is a folder, not a file.`);
    if (!info.isFile()) throw new WeftError('not_a_file', `${shown} is not a regular file.`);
    if (info.nlink > 1) {
      throw new WeftError(
        'hard_link_refused',
        `${shown} is a hard link (${info.nlink} names for one file); Weft does not open those, since the other name may be outside the project.`,
      );
    }
  }
  return { real, info };
}

export async function openChecked(
  guard: PathGuard,
  path: string,
  flags: number,
  shown: string,
  kind: 'file' | 'dir',
  action: FsAction,
): Promise<{ handle: FileHandle; real: string; info: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags);
  } catch (error) {
    throw fsError(error, shown, action);
  }
  try {
    return { handle, ...(await verify(guard, handle, path, shown, kind)) };
  } catch (error) {
    await handle.close();
    throw fsError(error, shown, action);
  }
}

/** Opens a regular file for reading; `abs` comes from guard.resolve. */
export function openFile(guard: PathGuard, abs: string, shown: string, action: FsAction = 'read'): Promise<OpenedFile> {
  return openChecked(guard, abs, FILE_FLAGS, shown, 'file', action);
}

/** The first `limit` bytes (all when omitted) of a file, read from the checked descriptor. */
export async function readVerified(
  guard: PathGuard,
  abs: string,
  shown: string,
  limit = Infinity,
): Promise<{ bytes: Buffer; info: Stats; real: string }> {
  const file = await openFile(guard, abs, shown);
  try {
    const length = Math.min(file.info.size, limit);
    const bytes = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await file.handle.read(bytes, got, length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { bytes: got < length ? bytes.subarray(0, got) : bytes, info: file.info, real: file.real };
  } finally {
    await file.handle.close();
  }
}

/**
 * Opens a folder; with `create`, missing folders on the way are made one at a time, each made
 * inside the folder checked just before and checked itself, so `mkdir -p` cannot follow a link out.
 */
export async function openDir(
  guard: PathGuard,
  abs: string,
  shown: string,
  action: FsAction = 'list',
  create = false,
): Promise<OpenedDir> {
  try {
    const { handle, real } = await openChecked(guard, abs, DIR_FLAGS, shown, 'dir', action);
    return new OpenedDir(handle, real);
  } catch (error) {
    if (!create || (error as WeftError).code !== 'path_not_found') throw error;
  }
  const rel = relative(guard.root, abs);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new WeftError('path_outside_project', `${shown.slice(0, 200)} is outside the project folder.`);
  let current = await openDir(guard, guard.root, shown, action);
  try {
    for (const name of rel.split(sep).filter((n) => n !== '')) {
      const next = await openChild(guard, current, name, shown, action);
      await current.close();
      current = next;
    }
    return current;
  } catch (error) {
    await current.close();
    throw error;
  }
}

async function openChild(
  guard: PathGuard,
  parent: OpenedDir,
  name: string,
  shown: string,
  action: FsAction,
): Promise<OpenedDir> {
  const path = parent.at(name);
  try {
    const { handle, real } = await openChecked(guard, path, DIR_FLAGS, shown, 'dir', action);
    return new OpenedDir(handle, real);
  } catch (error) {
    if ((error as WeftError).code !== 'path_not_found') throw error;
  }
  await mkdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw fsError(error, shown, action);
  });
  // The new folder is opened without following a link that may have replaced it meanwhile.
  const { handle, real } = await openChecked(guard, path, DIR_FLAGS | O_NOFOLLOW, shown, 'dir', action);
  return new OpenedDir(handle, real);
}

/** A folder's entries, read from the checked descriptor. */
export async function listVerified(guard: PathGuard, abs: string, shown: string): Promise<Dirent[]> {
  const dir = await openDir(guard, abs, shown, 'list');
  try {
    return await readdir(dir.path, { withFileTypes: true });
  } catch (error) {
    throw fsError(error, shown, 'list');
  } finally {
    await dir.close();
  }
}

export interface WriteOptions {
  /** Refuse when the file exists (create). */
  readonly exclusive?: boolean;
  /** Refuse when the file's mtime differs from this (it changed since it was read). */
  readonly expectedMtimeMs?: number | null;
  /** Create missing parent folders. */
  readonly mkdirs?: boolean;
}

/**
 * Writes a whole file. A new file is created with O_EXCL inside its checked folder. An existing
 * one is replaced atomically: a temporary file in the same checked folder, renamed over the
 * target through that folder's descriptor, so a swap of any name on the way between the check
 * and the rename cannot move the write elsewhere. The existing file's permissions are kept; a
 * link inside the project to a file inside it is written through (its target is replaced).
 * Answers the new file's stat.
 */
export async function writeVerified(
  guard: PathGuard,
  abs: string,
  shown: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<Stats> {
  let existing: OpenedFile | null = null;
  let dir: OpenedDir | null = null;
  try {
    existing = await openFile(guard, abs, shown, 'write').catch((error: unknown) => {
      if ((error as WeftError).code === 'path_not_found') return null;
      throw error;
    });
    if (existing) checkExisting(existing, options, shown);
    const target = existing ? existing.real : abs;
    const name = basename(target);
    dir = await openDir(guard, dirname(target), shown, 'write', options.mkdirs === true);
    if (!existing) {
      try {
        return await writeNew(dir, name, data, shown);
      } catch (error) {
        if (options.exclusive || (error as WeftError).code !== 'already_exists') throw error;
      }
      // Made by someone else since "not there": a plain write replaces it, found in the checked folder.
      existing = await openFile(guard, dir.at(name), shown, 'write');
      checkExisting(existing, options, shown);
    }
    return await replace(dir, name, data, existing.info.mode & 0o7777, shown);
  } finally {
    await dir?.close();
    await existing?.handle.close();
  }
}

function checkExisting(existing: OpenedFile, options: WriteOptions, shown: string): void {
  if (options.exclusive) throw new WeftError('already_exists', `${shown} already exists.`);
  const expected = options.expectedMtimeMs;
  if (expected !== undefined && expected !== null && Math.abs(existing.info.mtimeMs - expected) > 1)
    throw new WeftError('file_changed_on_disk', `${shown} changed on disk since it was opened.`);
}

async function writeNew(dir: OpenedDir, name: string, data: string | Uint8Array, shown: string): Promise<Stats> {
  let handle: FileHandle;
  try {
    handle = await open(dir.at(name), NEW_FILE_FLAGS, 0o666);
  } catch (error) {
    throw fsError(error, shown, 'create');
  }
  try {
    await handle.writeFile(data);
    return await handle.stat();
  } catch (error) {
    // A full disk would otherwise leave an empty or cut file nobody asked for.
    await unlink(dir.at(name)).catch(() => undefined);
    throw fsError(error, shown, 'write');
  } finally {
    await handle.close();
  }
}

async function replace(
  dir: OpenedDir,
  name: string,
  data: string | Uint8Array,
  mode: number,
  shown: string,
): Promise<Stats> {
  const tempName = `.${name.slice(0, 100)}.weft-${randomBytes(6).toString('hex')}.tmp`;
  let handle: FileHandle;
  try {
    handle = await open(dir.at(tempName), NEW_FILE_FLAGS, 0o600);
  } catch (error) {
    throw fsError(error, shown, 'write');
  }
  let renamed = false;
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    const info = await handle.stat();
    await rename(dir.at(tempName), dir.at(name));
    renamed = true;
    return info;
  } catch (error) {
    throw fsError(error, shown, 'write');
  } finally {
    await handle.close();
    if (!renamed) await unlink(dir.at(tempName)).catch(() => undefined);
  }
}
