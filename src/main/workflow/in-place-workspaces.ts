import { gitText } from '../git/git-process';
import type { RunWorkspace, WorkspaceProvider } from './ports';

async function head(root: string): Promise<string | null> {
  try {
    return (await gitText(root, ['rev-parse', '--verify', '-q', 'HEAD'])) || null;
  } catch {
    return null;
  }
}

/**
 * Runs steps in the repository folder itself, without a worktree of their own. For the CLI and
 * tests until run worktrees are wired in; the app hands WorkflowService its worktree provider.
 */
export class InPlaceWorkspaces implements WorkspaceProvider {
  async open(request: { projectRoot: string }): Promise<RunWorkspace> {
    return { root: request.projectRoot, branch: null, baseCommit: await head(request.projectRoot) };
  }

  async reopen(request: { projectRoot: string }): Promise<RunWorkspace> {
    return this.open(request);
  }
}
