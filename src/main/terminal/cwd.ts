import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { isInsideRoot } from '../../shared/terminal/shell';

/**
 * Resolves a working folder the renderer asked for against the project root, following
 * symbolic links, and refuses anything that ends up outside the project.
 */
export async function resolveCwd(root: string, cwd: string | undefined): Promise<string> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new WeftError('path_not_found', `The project folder ${root} no longer exists.`);
  }
  if (cwd === undefined) return realRoot;
  const absolute = isAbsolute(cwd) ? cwd : resolve(realRoot, cwd);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw new WeftError('path_not_found', `There is no folder at ${absolute}.`);
  }
  if (!isInsideRoot(realRoot, real, process.platform === 'win32')) {
    throw new WeftError('path_outside_project', `${absolute} is outside the project folder ${realRoot}.`);
  }
  if (!(await stat(real)).isDirectory()) throw new WeftError('not_a_directory', `${absolute} is not a folder.`);
  return real;
}
