import { dirname, resolve } from 'node:path';
import { WeftError } from '../../../shared/ipc/errors';
import { PathGuard } from '../../files/path-guard';
import { isWithin, pathProblem } from '../../files/path-rules';

/**
 * A file path inside a worktree or project, checked lexically and with its folder's symlinks
 * followed: the project-relative form for git, and the absolute one for reading from disk.
 */
export async function repoPath(root: string, file: string): Promise<{ rel: string; absolute: string }> {
  const guard = new PathGuard(root);
  const problem = pathProblem(file);
  if (problem) throw new WeftError('invalid_input', 'The file path is not valid.');
  const absolute = resolve(guard.root, file);
  if (!isWithin(guard.root, absolute, guard.flavour) || absolute === guard.root)
    throw new WeftError('path_outside_project', `${file.slice(0, 200)} is outside the project folder.`);
  await guard.resolve(dirname(absolute));
  const rel = guard.relative(absolute);
  if (rel.split('/')[0] === '.git')
    throw new WeftError('path_outside_project', `${file.slice(0, 200)} is inside .git.`);
  return { rel, absolute };
}
