// Pure rules for paths that cross the process boundary; the filesystem side is path-guard.ts.

/** Why a path typed by a person, a model or a workflow was refused before touching the disk. */
export type PathProblem = 'empty' | 'nul' | 'control' | 'too_long';

/** Checks the characters of a path; control characters hide tricks in logs and terminals. */
export function pathProblem(path: string): PathProblem | null {
  if (path.length === 0) return 'empty';
  if (path.length > 4096) return 'too_long';
  if (path.includes('\0')) return 'nul';
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(path)) return 'control';
  return null;
}

export interface PathFlavour {
  /** The separator of resolved paths on this platform. */
  readonly sep: '/' | '\\';
  /** Windows and default macOS volumes compare names without regard to case. */
  readonly caseInsensitive: boolean;
}

/**
 * True when `candidate` is `root` or lies below it. Both must be absolute and already
 * resolved (no `..`, symlinks followed); comparison follows the platform's rules, including
 * drive letters and UNC prefixes on Windows, which differ only in case.
 */
export function isWithin(root: string, candidate: string, flavour: PathFlavour): boolean {
  const norm = (p: string) => {
    let out = flavour.sep === '\\' ? p.replace(/\//g, '\\') : p;
    if (out.length > 1 && out.endsWith(flavour.sep) && !/^[A-Za-z]:\\$/.test(out)) out = out.slice(0, -1);
    return flavour.caseInsensitive ? out.toLowerCase() : out;
  };
  const r = norm(root);
  const c = norm(candidate);
  if (c === r) return true;
  const prefix = r.endsWith(flavour.sep) ? r : r + flavour.sep;
  return c.startsWith(prefix);
}

/** Turns an absolute path inside `root` into the project-relative, '/'-separated form the UI uses. */
export function toProjectPath(root: string, absolute: string, flavour: PathFlavour): string {
  const rest = absolute.slice(root.length).replace(/^[\\/]+/, '');
  return flavour.sep === '\\' ? rest.replace(/\\/g, '/') : rest;
}
