// Where an open descriptor really is: the platform-specific half of verified-fs.ts.
//
// What holds where:
// - Linux (with /proc mounted, as everywhere Weft runs): `/proc/self/fd/N` is the kernel's own
//   record of the object opened as N. Reading it answers where that object is now, whatever names
//   were swapped before or after the open, so checking it against the project root is sound. A
//   path through it (`/proc/self/fd/N/name`) is resolved from that very directory, not from its
//   name again: the equivalent of openat/mkdirat/renameat/unlinkat, which Node does not expose.
// - macOS: the same question is `fcntl(F_GETPATH)`, which Node does not expose either, and there
//   is no directory-relative open. The fallback below takes realpath of the opened name after the
//   open and compares the device and inode of what it names with `fstat` of the descriptor. That
//   refuses a link swapped in before the open and still (or again) in place after it, and one
//   swapped back in between, since the inside file is then a different inode. It does not hold
//   against an attacker who swaps again in the microseconds between that realpath and its stat:
//   a narrowed window, not a closed one. The OS sandbox (layer 1) is what confines a run there.
//   (process.chdir into the folder, then getcwd, which macOS answers from the inode, and opening a
//   relative name would be sound, but the working folder is one per process and shared with
//   every concurrent open in the thread pool and every child spawned meanwhile: not worth it.)
// - Windows: the same fallback (libuv opens folders there with FILE_FLAG_BACKUP_SEMANTICS; not
//   tested on Windows yet); creating symbolic links there needs privileges a run usually lacks.
import { constants, existsSync, readlinkSync, type Stats } from 'node:fs';
import { type FileHandle, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';

const procFd = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd' : null;

/** True where descriptor paths are sound (Linux): tests assert the strong guarantee only there. */
export const descriptorPathsAreSound = procFd !== null;

// Absent on Windows; 0 leaves the flag out there.
export const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
export const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
// A FIFO planted in a worktree would block a plain open for reading forever.
export const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * The real path of what `handle` opened, or a WeftError when it is gone or changed under us.
 * `openedAs` is the name it was opened by (used by the fallback only); `info` its fstat.
 */
export async function locate(handle: FileHandle, openedAs: string, info: Stats, shown: string): Promise<string> {
  if (procFd) {
    // Synchronous on purpose: procfs answers from the kernel's own tables without touching a
    // disk, in microseconds, while a trip through the thread pool costs tens of them per file.
    const real = readlinkSync(`${procFd}/${handle.fd}`);
    // Deleted between open and check: the kernel appends " (deleted)" to the last known name.
    if (info.nlink === 0 && real.endsWith(' (deleted)')) throw gone(shown);
    return real;
  }
  return locateByName(openedAs, info, shown);
}

/** The fallback where the kernel cannot be asked (see the top); exported to be tested on Linux too. */
export async function locateByName(openedAs: string, info: Stats, shown: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(openedAs);
  } catch {
    throw gone(shown);
  }
  const now = await stat(real).catch(() => null);
  if (!now || now.dev !== info.dev || now.ino !== info.ino) throw changed(shown);
  return real;
}

/**
 * A name inside an opened, verified directory. On Linux it goes through the descriptor, so a
 * swap of the directory's own name (or any parent's) after the check changes nothing; elsewhere
 * it is the verified real path, open to the race described at the top.
 */
export function pathIn(handle: FileHandle, real: string, name?: string): string {
  if (name !== undefined && (name === '' || name === '.' || name === '..' || /[\\/]/.test(name)))
    throw new WeftError('invalid_input', `${name.slice(0, 80)} is not a single name.`);
  if (procFd) return name === undefined ? `${procFd}/${handle.fd}` : `${procFd}/${handle.fd}/${name}`;
  return name === undefined ? real : join(real, name);
}

function gone(shown: string): WeftError {
  return new WeftError('path_not_found', `${shown} was removed while Weft opened it.`);
}

function changed(shown: string): WeftError {
  return new WeftError('path_changed', `${shown} changed while Weft opened it; try again.`);
}
