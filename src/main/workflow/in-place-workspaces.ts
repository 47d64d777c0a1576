import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gitEnvironment } from '../git/git-env';
import type { RunWorkspace, WorkspaceProvider } from './ports';

const run = promisify(execFile);

async function head(root: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['-C', root, 'rev-parse', '--verify', '-q', 'HEAD'], {
      env: gitEnvironment(process.env),
    });
    return stdout.trim() || null;
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
