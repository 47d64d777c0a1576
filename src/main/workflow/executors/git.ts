import type { WorkflowGit } from '../ports';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeExecutor,
  type NodeResult,
  type ResolvedInput,
} from '../core/types';

/** `git` steps: commit, branch, diff and merge in the run's worktree. */
export class GitStepExecutor implements NodeExecutor<'git'> {
  constructor(
    private readonly git: WorkflowGit,
    /** Where the run's worktree started; the default base of a diff. */
    private readonly baseOf: (runId: string) => string | null,
  ) {}

  async execute(input: ResolvedInput<'git'>, context: ExecutionContext): Promise<NodeResult> {
    const { root, signal } = context;
    switch (input.op) {
      case 'commit':
        return { output: await this.git.commit(root, input.message ?? '', signal) };
      case 'branch':
        return { output: await this.git.branch(root, input.branch ?? '', signal) };
      case 'merge':
        return { output: await this.git.merge(root, input.branch ?? '', signal) };
      case 'diff': {
        const base = input.base || this.baseOf(context.runId) || 'HEAD';
        return { output: await this.git.diff(root, base, signal) };
      }
      default:
        throw new NodeFailure('invalid_input', 'Unknown git operation.', false);
    }
  }
}
