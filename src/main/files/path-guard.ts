import { realpathSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { fsError } from './fs-errors';
import { isWithin, pathProblem, toProjectPath, type PathFlavour } from './path-rules';

const problemText = {
  empty: 'A path is required.',
  nul: 'The path contains a NUL byte.',
  control: 'The path contains control characters.',
  too_long: 'The path is too long.',
} as const;

/**
 * Resolves paths that arrive from the renderer, a model or a workflow against one project
 * root: symlinks are followed (also for a path that does not exist yet, through its nearest
 * existing parent) and the result must lie inside the root, else `path_outside_project`.
 * This answers early and names the rule; it is a check of a name, which a swapped link can
 * change before the name is opened. Whoever opens a resolved path does it through
 * verified-fs.ts, which checks what was opened.
 */
export class PathGuard {
  readonly root: string;
  readonly flavour: PathFlavour;

  constructor(root: string) {
    this.root = realpathSync.native(root);
    this.flavour = { sep: sep === '\\' ? '\\' : '/', caseInsensitive: caseInsensitiveVolume(this.root) };
  }

  /** The absolute, real path for a project-relative (or absolute) path, or a WeftError. */
  async resolve(input: string): Promise<string> {
    const problem = pathProblem(input);
    if (problem) throw new WeftError('invalid_input', problemText[problem]);
    const joined = isAbsolute(input) ? resolve(input) : resolve(this.root, input);
    // Lexical check first: `../x` is refused without asking the filesystem anything.
    if (!isWithin(this.root, joined, this.flavour)) throw this.outside(input);
    const real = await realpathAllowingMissing(joined).catch((error: unknown) => {
      throw fsError(error, input);
    });
    if (!isWithin(this.root, real, this.flavour)) throw this.outside(input);
    return real;
  }

  /** The UI's form of an absolute path inside the root. */
  relative(absolute: string): string {
    return toProjectPath(this.root, absolute, this.flavour);
  }

  private outside(input: string): WeftError {
    return new WeftError('path_outside_project', `${input.slice(0, 200)} is outside the project folder.`);
  }
}

/** realpath for paths that may not exist yet: resolve the nearest existing ancestor, keep the rest. */
async function realpathAllowingMissing(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      const real = await realpath(current);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        // A dangling symlink still points somewhere: refuse to guess where.
        if (code === 'ELOOP') throw new WeftError('invalid_input', 'The path is a symbolic link that loops.');
        throw error;
      }
      const isLink = await lstat(current).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      if (isLink)
        throw new WeftError('path_outside_project', `${basename(current)} is a link to a place that does not exist.`);
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** Windows is always case-insensitive; on macOS it depends on the volume, so ask it. */
function caseInsensitiveVolume(root: string): boolean {
  if (process.platform === 'win32') return true;
  if (process.platform !== 'darwin') return false;
  const flipped = root.replace(/[a-zA-Z]/, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()));
  if (flipped === root) return false;
  try {
    return realpathSync.native(flipped) === root;
  } catch {
    return false;
  }
}
