import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { PathGuard } from './path-guard';
import { readVerified } from './verified-fs';

/**
 * Decides what the explorer, search and watcher skip: `.git`, the repository's `.gitignore`
 * files (root and nested, loaded as folders are visited), `.git/info/exclude`, and the
 * user's exclude globs from settings.
 */
export class IgnoreRules {
  private readonly perDir = new Map<string, Ignore | null>();
  private readonly excluded: (path: string) => boolean;
  private guard: PathGuard | null = null;

  constructor(
    private readonly root: string,
    excludeGlobs: readonly string[],
  ) {
    const matchers = excludeGlobs.map((g) => picomatch(g, { dot: true }));
    this.excluded = (path) => matchers.some((m) => m(path));
  }

  /** Loads the rules that apply inside `dir` (project-relative, '' for the root). */
  async prepare(dir: string): Promise<void> {
    const parts = dir === '' ? [] : dir.split('/');
    for (let i = 0; i <= parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!this.perDir.has(d)) this.perDir.set(d, await this.load(d));
    }
  }

  private async load(dir: string): Promise<Ignore | null> {
    const files = [join(this.root, dir, '.gitignore')];
    if (dir === '') files.push(join(this.root, '.git', 'info', 'exclude'));
    let rules: Ignore | null = null;
    // A .gitignore that is (or is swapped for) a link out of the project is read as absent.
    try {
      this.guard ??= new PathGuard(this.root);
    } catch {
      return null;
    }
    for (const file of files) {
      const text = await readVerified(this.guard, file, file).then(
        (read) => read.bytes.toString('utf8'),
        () => null,
      );
      if (text !== null) rules = (rules ?? ignore()).add(text);
    }
    return rules;
  }

  /** Hidden by the user's exclude list (or being git's own folder). */
  isExcluded(path: string, isDir: boolean): boolean {
    if (path === '.git' || path.startsWith('.git/')) return true;
    return this.excluded(path) || (isDir && this.excluded(`${path}/`));
  }

  /** Whether a project-relative path is hidden or ignored by git. Call `prepare` for its folder first. */
  isIgnored(path: string, isDir: boolean): boolean {
    return this.isExcluded(path, isDir) || this.isGitIgnored(path, isDir);
  }

  /** Matched by a .gitignore (or info/exclude) rule on the way down to it. */
  isGitIgnored(path: string, isDir: boolean): boolean {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const rules = this.perDir.get(base);
      if (!rules) continue;
      const rel = parts.slice(i).join('/') + (isDir ? '/' : '');
      if (rules.ignores(rel)) return true;
    }
    return false;
  }

  /** Forget a folder's rules after its .gitignore changed. */
  invalidate(dir: string): void {
    this.perDir.delete(dir);
  }
}
