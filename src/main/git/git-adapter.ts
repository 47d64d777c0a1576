import { simpleGit, type SimpleGit } from 'simple-git';
import { allowedGitVariables, gitEnvironment } from './git-env';

/** What Weft needs to know about a folder's repository when it is opened. */
export interface RepoInfo {
  readonly isRepo: boolean;
  /** The checked-out branch; null when HEAD is detached or the folder is no repository. */
  readonly branch: string | null;
}

/** A thin layer over simple-git: the only place main talks to git for projects. */
export class GitAdapter {
  private client(dir: string): SimpleGit {
    // No prompts: a credential helper waiting on a terminal would hang the call forever.
    return simpleGit({ baseDir: dir, maxConcurrentProcesses: 4, allowEnvironment: allowedGitVariables }).env(
      gitEnvironment(process.env),
    );
  }

  async inspect(dir: string): Promise<RepoInfo> {
    const git = this.client(dir);
    let inside: string;
    try {
      inside = (await git.raw(['rev-parse', '--is-inside-work-tree'])).trim();
    } catch (error) {
      // git answers "not a git repository" with exit 128; anything else is a real fault.
      if (/not a git repository/i.test(String(error))) return { isRepo: false, branch: null };
      throw error;
    }
    if (inside !== 'true') return { isRepo: false, branch: null };
    try {
      const branch = (await git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
      return { isRepo: true, branch: branch || null };
    } catch (error) {
      // symbolic-ref fails with exit 1 and no message when HEAD is detached.
      if (String((error as Error).message ?? '').trim() === '') return { isRepo: true, branch: null };
      throw error;
    }
  }

  async init(dir: string): Promise<void> {
    await this.client(dir).init();
  }
}
