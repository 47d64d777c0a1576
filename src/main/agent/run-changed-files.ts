// What a run has changed so far, for the policy's script-runner check: `npm test` runs without
// asking only while the run has not edited package.json (see policy/runners.ts).
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PathGuard } from '../files/path-guard';
import { diffTrees, snapshotTree } from './workspace/run-changes';

/**
 * Files that differ between the run's base commit and its worktree as it is now (untracked files
 * included, ignored ones not), both names of a rename; relative to the worktree, `/`-separated.
 * Null when git cannot tell, which the policy treats as "anything may have changed".
 */
export async function runChangedFiles(worktree: string, baseCommit: string): Promise<ReadonlySet<string> | null> {
  try {
    const files = await diffTrees(worktree, baseCommit, await snapshotTree(worktree));
    return new Set(files.flatMap((f) => (f.oldPath !== null ? [f.path, f.oldPath] : [f.path])));
  } catch {
    return null;
  }
}

/**
 * A run's changed files, less the versions a person has already seen on a card and allowed: once
 * the new `test` script was shown and allowed, `npm test` does not ask again until the script
 * changes once more.
 */
export class RunChanges {
  /** Path → hash of the content that was allowed. */
  private readonly allowed = new Map<string, string>();
  /** The worktree's `.git` link as the run found it; git never reports it as a change. */
  private readonly gitLink: Promise<string>;

  constructor(
    private readonly worktree: string,
    private readonly baseCommit: string,
  ) {
    this.gitLink = this.gitLinkNow();
  }

  /** The changed files whose current content nobody has allowed yet. */
  async current(): Promise<ReadonlySet<string> | null> {
    // A rewritten link could point git at a configuration the run wrote; Weft does not run git
    // there to find out more, and unknown changes make every script runner (and git) ask.
    if ((await this.gitLinkNow()) !== (await this.gitLink)) return null;
    const changed = await runChangedFiles(this.worktree, this.baseCommit);
    if (changed === null || this.allowed.size === 0) return changed;
    const out = new Set(changed);
    for (const [path, hash] of this.allowed) if (out.has(path) && (await this.hash(path)) === hash) out.delete(path);
    return out;
  }

  /**
   * Records the files as they are now as allowed. Called when the answer arrives; the run waits on
   * the card meanwhile, so these are the versions the card showed.
   */
  async allow(paths: readonly string[]): Promise<void> {
    for (const path of paths) this.allowed.set(path, await this.hash(path));
  }

  /** The `.git` file's content (a run worktree's link to its repository), or what kind of thing it is. */
  private async gitLinkNow(): Promise<string> {
    const path = join(this.worktree, '.git');
    const info = await lstat(path).catch(() => null);
    if (!info) return 'absent';
    if (!info.isFile()) return info.isDirectory() ? 'directory' : 'other';
    return readFile(path, 'utf8').catch(() => 'unreadable');
  }

  private async hash(path: string): Promise<string> {
    try {
      // Through PathGuard, so a link out of the worktree is never read.
      const file = await new PathGuard(this.worktree).resolve(path);
      return createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    } catch {
      // Deleted (or unreadable): a deletion is allowed as a deletion.
      return 'absent';
    }
  }
}
