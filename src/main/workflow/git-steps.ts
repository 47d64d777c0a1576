import { simpleGit, type SimpleGit } from 'simple-git';
import { allowedGitVariables, gitEnvironment } from '../git/git-env';
import { refNameProblem, revisionProblem } from '../git/refs';
import { NodeFailure } from './core/types';
import type { WorkflowGit } from './ports';

/** Diffs longer than this are cut (with a marker): the output is journaled and read by templates. */
const MAX_DIFF = 512 * 1024;

/**
 * `git` steps through simple-git in the run's worktree: every ref validated before git sees it,
 * the scrubbed environment of git-env.ts, and the step's signal killing git on cancel.
 */
export class SimpleWorkflowGit implements WorkflowGit {
  private client(root: string, signal: AbortSignal): SimpleGit {
    return simpleGit({ baseDir: root, allowEnvironment: allowedGitVariables, abort: signal }).env(
      gitEnvironment(process.env),
    );
  }

  private async raw(root: string, signal: AbortSignal, args: string[]): Promise<string> {
    try {
      return await this.client(root, signal).raw(args);
    } catch (error) {
      if (signal.aborted) throw new NodeFailure('cancelled', `git ${args[0]} was cancelled.`, false);
      const text = String((error as Error).message ?? error).trim();
      throw new NodeFailure('git_failed', text.split('\n')[0]?.slice(0, 300) || `git ${args[0]} failed.`);
    }
  }

  /** A fresh machine may have no git identity; commit as Weft there rather than fail the run. */
  private async identity(root: string, signal: AbortSignal): Promise<string[]> {
    const email = await this.raw(root, signal, ['config', '--get', 'user.email']).catch(() => '');
    return email.trim() ? [] : ['-c', 'user.name=Weft', '-c', 'user.email=weft@localhost'];
  }

  async commit(root: string, message: string, signal: AbortSignal): Promise<{ commit: string | null }> {
    if (!message.trim()) throw new NodeFailure('invalid_input', 'A commit step needs a message.', false);
    await this.raw(root, signal, ['add', '-A']);
    const staged = (await this.raw(root, signal, ['diff', '--cached', '--name-only'])).trim();
    if (!staged) return { commit: null };
    await this.raw(root, signal, [...(await this.identity(root, signal)), 'commit', '-q', '-m', message]);
    return { commit: (await this.raw(root, signal, ['rev-parse', 'HEAD'])).trim() };
  }

  async branch(root: string, name: string, signal: AbortSignal): Promise<{ branch: string; commit: string }> {
    const problem = refNameProblem(name);
    if (problem)
      throw new NodeFailure('invalid_ref', `"${name.slice(0, 100)}" is not a branch name: ${problem}.`, false);
    await this.raw(root, signal, ['branch', '--', name]);
    return { branch: name, commit: (await this.raw(root, signal, ['rev-parse', 'HEAD'])).trim() };
  }

  async diff(root: string, base: string, signal: AbortSignal): Promise<{ diff: string; files: string[] }> {
    const problem = revisionProblem(base);
    if (problem) throw new NodeFailure('invalid_ref', `"${base.slice(0, 100)}" is not a revision: ${problem}.`, false);
    // Untracked files count as changes: mark them intent-to-add so the diff shows them.
    await this.raw(root, signal, ['add', '-A', '--intent-to-add']);
    const files = (await this.raw(root, signal, ['diff', '--name-only', base, '--']))
      .split('\n')
      .filter((f) => f.length > 0);
    let diff = await this.raw(root, signal, ['diff', base, '--']);
    if (diff.length > MAX_DIFF) diff = `${diff.slice(0, MAX_DIFF)}\n[diff cut at ${MAX_DIFF} characters]\n`;
    return { diff, files };
  }

  async merge(root: string, branch: string, signal: AbortSignal): Promise<{ commit: string }> {
    const problem = refNameProblem(branch);
    if (problem)
      throw new NodeFailure('invalid_ref', `"${branch.slice(0, 100)}" is not a branch name: ${problem}.`, false);
    try {
      await this.raw(root, signal, [...(await this.identity(root, signal)), 'merge', '--no-edit', branch]);
    } catch (error) {
      const conflicted = (
        await this.raw(root, signal, ['diff', '--name-only', '--diff-filter=U']).catch(() => '')
      ).trim();
      if (conflicted) {
        await this.raw(root, signal, ['merge', '--abort']).catch(() => undefined);
        throw new NodeFailure(
          'merge_conflict',
          `Merging ${branch} conflicts in ${conflicted.split('\n').slice(0, 5).join(', ')}; the merge was undone.`,
          false,
        );
      }
      throw error;
    }
    return { commit: (await this.raw(root, signal, ['rev-parse', 'HEAD'])).trim() };
  }
}
