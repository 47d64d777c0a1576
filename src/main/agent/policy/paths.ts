// Pure, lexical path checks for the policy: it decides before anything touches the disk. The
// tools themselves resolve symlinks through PathGuard when they run, so both layers must agree.
import { isWithin, type PathFlavour } from '../../files/path-rules';

/** Joins `input` onto `base` and folds `.` and `..`, without looking at the disk. */
export function lexicalResolve(base: string, input: string, flavour: PathFlavour): string {
  const split = (p: string) => (flavour.sep === '\\' ? p.split(/[\\/]+/) : p.split('/'));
  const isAbsolute = flavour.sep === '\\' ? /^([A-Za-z]:)?[\\/]/.test(input) : input.startsWith('/');
  const start = isAbsolute ? input : `${base}${flavour.sep}${input}`;
  const parts = split(start);
  const head = parts.shift() ?? '';
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `${head}${flavour.sep}${out.join(flavour.sep)}`;
}

/** Whether a path a model named lies inside `root`; `~` (the user's home) is always outside. */
export function insideRoot(root: string, input: string, flavour: PathFlavour, cwd: string = root): boolean {
  // `~`, `~user`, `~+`: a home or the shell's own idea of a folder, never the project.
  if (input.startsWith('~')) return false;
  return isWithin(root, lexicalResolve(cwd, input, flavour), flavour);
}

/** Device files a command may name without touching anything of the user's. */
const harmlessDevices = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', 'NUL']);

/**
 * The words of a command that look like paths leaving the project: absolute paths, `~`, or
 * relative paths that climb out with `..`. Flags like `--out=/x` are looked into too.
 */
export function pathsOutside(words: readonly string[], root: string, cwd: string, flavour: PathFlavour): string[] {
  const outside: string[] = [];
  for (const word of words) {
    const value = word.startsWith('-') && word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
    if (value === '' || harmlessDevices.has(value)) continue;
    const looksLikePath =
      value.startsWith('/') ||
      value.startsWith('~') ||
      value.includes('..') ||
      (flavour.sep === '\\' && /^[A-Za-z]:[\\/]/.test(value));
    if (!looksLikePath) continue;
    // URLs mention `//` but are not paths; network use is judged separately.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    if (!insideRoot(root, value, flavour, cwd)) outside.push(word);
  }
  return outside;
}

/**
 * True when the shell may turn a word into a path this lexical check never saw: a brace
 * expansion can produce anything, and a glob whose path component may match `..` can climb out
 * (`.[.]/x`, `.?/x`, `.*\/x`). A component starting with `*` or `?` cannot match a leading dot, so
 * `src/*.ts` stays provably inside.
 */
export function mayExpandOutside(word: {
  readonly value: string | null;
  readonly source: string;
  readonly glob: boolean;
  readonly brace: boolean;
}): boolean {
  if (word.brace) return true;
  if (!word.glob) return false;
  const text = word.value ?? word.source;
  const value = text.startsWith('-') && text.includes('=') ? text.slice(text.indexOf('=') + 1) : text;
  return value.split('/').some((part) => /[*?[]/.test(part) && /^[.[\\]/.test(part));
}
