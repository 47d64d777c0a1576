import { WeftError } from '../../shared/ipc/errors';
import { firstLine, git, GitFailure, type GitResult } from '../git/git-process';
import { UNTRUSTED_SUBMODULES } from '../git/git-safety';
import { addAll } from '../git/project-scope';
import { refNameProblem, revisionProblem } from '../git/refs';
import { NodeFailure } from './core/types';
import type { WorkflowGit } from './ports';

/** Diffs longer than this are cut (with a marker): the output is journaled and read by templates. */
const MAX_DIFF = 512 * 1024;

/** The same diff whatever the repository configures: no external tools, textconv, colour or prefixes. */
const DIFF_OPTIONS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  UNTRUSTED_SUBMODULES,
];

/**
 * `git` steps in the run's worktree, through Weft's git runner (exit codes checked, killed by
 * the step's signal, and none of the repository's hooks, filters or other programs: see
 * git-safety.ts). Every ref is validated before git sees it.
 */
export class WorkflowGitSteps implements WorkflowGit {
  private async exec(root: string, signal: AbortSignal, args: string[], okCodes: number[] = []): Promise<GitResult> {
    return this.failing(args[0] ?? 'git', signal, () => git(root, args, { signal, okCodes }));
  }

  /** Runs git work, turning what it throws into the step's failure. */
  private async failing<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (signal.aborted) throw new NodeFailure('cancelled', `git ${what} was cancelled.`, false);
      if (error instanceof GitFailure) {
        throw new NodeFailure('git_failed', firstLine(error.result.stderr) || `git ${what} failed.`);
      }
      if (error instanceof WeftError) throw new NodeFailure(error.code, error.message, false);
      throw error;
    }
  }

  /** Stages every change of the worktree (see addAll: submodules are not looked into). */
  private addAll(root: string, signal: AbortSignal, flags: string[] = []): Promise<void> {
    return this.failing('add', signal, () => addAll(root, { signal }, flags));
  }

  private async run(root: string, signal: AbortSignal, args: string[], okCodes?: number[]): Promise<string> {
    return (await this.exec(root, signal, args, okCodes)).stdout.toString('utf8');
  }

  /** A fresh machine may have no git identity; commit as Weft there rather than fail the run. */
  private async identity(root: string, signal: AbortSignal): Promise<string[]> {
    const email = await this.run(root, signal, ['config', '--get', 'user.email'], [1]);
    return email.trim() ? [] : ['-c', 'user.name=Weft', '-c', 'user.email=weft@localhost'];
  }

  private head(root: string, signal: AbortSignal): Promise<string> {
    return this.run(root, signal, ['rev-parse', 'HEAD']).then((s) => s.trim());
  }

  async commit(root: string, message: string, signal: AbortSignal): Promise<{ commit: string | null }> {
    if (!message.trim()) throw new NodeFailure('invalid_input', 'A commit step needs a message.', false);
    await this.addAll(root, signal);
    const staged = await this.exec(root, signal, ['diff', '--cached', '--quiet'], [1]);
    if (staged.code === 0) return { commit: null };
    await this.run(root, signal, [...(await this.identity(root, signal)), 'commit', '-q', '-m', message]);
    return { commit: await this.head(root, signal) };
  }

  async branch(root: string, name: string, signal: AbortSignal): Promise<{ branch: string; commit: string }> {
    const problem = refNameProblem(name);
    if (problem)
      throw new NodeFailure('invalid_ref', `"${name.slice(0, 100)}" is not a branch name: ${problem}.`, false);
    await this.run(root, signal, ['branch', '--', name]);
    return { branch: name, commit: await this.head(root, signal) };
  }

  async diff(root: string, base: string, signal: AbortSignal): Promise<{ diff: string; files: string[] }> {
    const problem = revisionProblem(base);
    if (problem) throw new NodeFailure('invalid_ref', `"${base.slice(0, 100)}" is not a revision: ${problem}.`, false);
    // Untracked files count as changes: mark them intent-to-add so the diff shows them.
    await this.addAll(root, signal, ['--intent-to-add']);
    const files = (await this.run(root, signal, ['diff', ...DIFF_OPTIONS, '--name-only', base, '--']))
      .split('\n')
      .filter((f) => f.length > 0);
    let diff = await this.run(root, signal, ['diff', ...DIFF_OPTIONS, base, '--']);
    if (diff.length > MAX_DIFF) diff = `${diff.slice(0, MAX_DIFF)}\n[diff cut at ${MAX_DIFF} characters]\n`;
    return { diff, files };
  }

  async merge(root: string, branch: string, signal: AbortSignal): Promise<{ commit: string }> {
    const problem = refNameProblem(branch);
    if (problem)
      throw new NodeFailure('invalid_ref', `"${branch.slice(0, 100)}" is not a branch name: ${problem}.`, false);
    const identity = await this.identity(root, signal);
    const result = await this.exec(root, signal, [...identity, 'merge', '--no-edit', branch], [1]);
    if (result.code !== 0) {
      const conflicted = (await this.run(root, signal, ['diff', '--name-only', '--diff-filter=U'])).trim();
      if (conflicted) {
        await this.exec(root, signal, ['merge', '--abort']).catch(() => undefined);
        throw new NodeFailure(
          'merge_conflict',
          `Merging ${branch} conflicts in ${conflicted.split('\n').slice(0, 5).join(', ')}; the merge was undone.`,
          false,
        );
      }
      throw new NodeFailure('git_failed', firstLine(result.stderr) || `git merge ${branch} failed.`);
    }
    return { commit: await this.head(root, signal) };
  }
}
