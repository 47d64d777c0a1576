import { existsSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FolderListing } from '../shared/ipc/domains/app';
import { WeftError } from '../shared/ipc/errors';

/** More sub-folders than a person would scroll through; the rest are counted, not listed. */
const MAX_FOLDERS = 2000;

/**
 * Sub-folders of a folder under `home`, for browser mode's folder browser (it has no OS picker).
 * The browser may be on another machine, so it sees nothing above home: the asked path and every
 * link are resolved and refused (`path_outside_home`) unless they really lie inside home.
 */
export async function listFolders(
  home: string,
  input: { path?: string | null | undefined; showHidden?: boolean | undefined },
): Promise<FolderListing> {
  const realHome = await realpath(home).catch(() => {
    throw new WeftError('path_not_found', 'Your home folder could not be found.');
  });
  const asked = input.path ? resolve(realHome, input.path) : realHome;
  const real = await realpath(asked).catch((error: unknown) => {
    throw fsError(error, asked);
  });
  if (!inside(realHome, real))
    throw new WeftError('path_outside_home', `${asked} is outside your home folder; only folders under it are shown.`);
  const info = await stat(real);
  if (!info.isDirectory()) throw new WeftError('not_a_directory', `${asked} is a file, not a folder.`);
  const entries = await readdir(real, { withFileTypes: true }).catch((error: unknown) => {
    throw fsError(error, asked);
  });
  const folders: FolderListing['folders'] = [];
  let more = 0;
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!input.showHidden && entry.name.startsWith('.')) continue;
    const path = join(real, entry.name);
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // A link is listed only where it really leads: a folder inside home.
      const target = await realpath(path).catch(() => null);
      isFolder =
        target !== null &&
        inside(realHome, target) &&
        (await stat(target).then(
          (s) => s.isDirectory(),
          () => false,
        ));
    }
    if (!isFolder) continue;
    if (folders.length >= MAX_FOLDERS) {
      more++;
      continue;
    }
    folders.push({ name: entry.name, path, repository: existsSync(join(path, '.git')) });
  }
  return {
    path: real,
    home: realHome,
    parent: real === realHome ? null : dirname(real),
    folders,
    more,
  };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function fsError(error: unknown, path: string): WeftError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new WeftError('path_not_found', `There is no folder ${path}.`);
  if (code === 'ENOTDIR') return new WeftError('not_a_directory', `${path} is a file, not a folder.`);
  if (code === 'EACCES' || code === 'EPERM') return new WeftError('permission_denied', `${path} cannot be read.`);
  return new WeftError('internal', `${path} could not be listed.`);
}
