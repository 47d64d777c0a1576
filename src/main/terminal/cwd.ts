import { stat } from 'node:fs/promises';
import { WeftError } from '../../shared/ipc/errors';
import { PathGuard } from '../files/path-guard';

/**
 * Resolves a working folder the renderer asked for with the project's PathGuard (symlinks
 * followed, `path_outside_project` for anything outside), and checks it is a folder.
 */
export async function resolveCwd(root: string, cwd: string | undefined): Promise<string> {
  let guard: PathGuard;
  try {
    guard = new PathGuard(root);
  } catch {
    throw new WeftError('path_not_found', `The project folder ${root} no longer exists.`);
  }
  if (cwd === undefined) return guard.root;
  const real = await guard.resolve(cwd);
  const info = await stat(real).catch(() => null);
  if (!info) throw new WeftError('path_not_found', `There is no folder at ${cwd}.`);
  if (!info.isDirectory()) throw new WeftError('not_a_directory', `${cwd} is not a folder.`);
  return real;
}
