import { constants } from 'node:fs';
import { access, opendir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';

/**
 * Resolves a folder path a person typed or dropped, and proves it can be opened:
 * it exists, is a folder, and can be listed. Returns the canonical (real) path.
 */
export async function resolveProjectFolder(input: string, base = process.cwd()): Promise<string> {
  const expanded = input === '~' || input.startsWith('~/') ? homedir() + input.slice(1) : input;
  const absolute = isAbsolute(expanded) ? expanded : resolve(base, expanded);
  let real: string;
  try {
    real = await realpath(absolute);
    const info = await stat(real);
    if (!info.isDirectory()) {
      throw new WeftError('not_a_directory', `${absolute} is a file, not a folder. Open the folder that contains it.`);
    }
    await access(real, constants.R_OK | constants.X_OK);
    // access() trusts mode bits; listing proves it (ACLs, sandboxes, network drives).
    const dir = await opendir(real);
    await dir.close();
  } catch (error) {
    throw folderError(error, absolute);
  }
  return real;
}

function folderError(error: unknown, path: string): unknown {
  if (error instanceof WeftError) return error;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return new WeftError('path_not_found', `There is no folder at ${path}.`);
    case 'ENOTDIR':
      return new WeftError('not_a_directory', `${path} is not a folder.`);
    case 'EACCES':
    case 'EPERM':
      return new WeftError('permission_denied', `Weft may not read ${path}. Check the folder's permissions.`);
    case 'ELOOP':
      return new WeftError('path_not_found', `${path} is a symbolic link that points to itself.`);
    default:
      return error;
  }
}
