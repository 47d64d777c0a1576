import { git, GitFailure } from './git-process';

/** What Weft needs to know about a folder's repository when it is opened. */
export interface RepoInfo {
  readonly isRepo: boolean;
  /** The checked-out branch; null when HEAD is detached or the folder is no repository. */
  readonly branch: string | null;
}

/**
 * What the project service asks git when a folder opens. Trust is not known yet at that point,
 * so these calls run as in any untrusted folder (git-safety.ts).
 */
export class GitAdapter {
  async inspect(dir: string): Promise<RepoInfo> {
    let inside: string;
    try {
      inside = (await git(dir, ['rev-parse', '--is-inside-work-tree'])).stdout.toString('utf8').trim();
    } catch (error) {
      // git answers "not a git repository" with exit 128; anything else is a real fault.
      if (error instanceof GitFailure && /not a git repository/i.test(error.result.stderr))
        return { isRepo: false, branch: null };
      throw error;
    }
    if (inside !== 'true') return { isRepo: false, branch: null };
    // symbolic-ref exits 1 with no message when HEAD is detached.
    const { code, stdout } = await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [1] });
    return { isRepo: true, branch: code === 0 ? stdout.toString('utf8').trim() || null : null };
  }

  async init(dir: string): Promise<void> {
    await git(dir, ['init', '--quiet']);
  }
}
