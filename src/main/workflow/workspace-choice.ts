import { InPlaceWorkspaces } from './in-place-workspaces';
import type { WorkspaceProvider } from './ports';
import type { RunWorktreeWorkspaces } from './run-worktrees';

/**
 * Where workflow runs work: each in its own worktree on `weft/<runId>`, or, for
 * `weft run --in-place`, in the repository itself. Resume and retry find either kind, so the app
 * and the CLI can go on with each other's runs; a step that asks for it still gets its own worktree.
 */
export function workflowWorkspaces(worktrees: RunWorktreeWorkspaces, options: { inPlace: boolean }): WorkspaceProvider {
  const here = new InPlaceWorkspaces();
  return {
    open: (request) => (options.inPlace ? here : worktrees).open(request),
    reopen: (request) => (request.root === request.projectRoot ? here : worktrees).reopen(request),
    openForNode: (request) => worktrees.openForNode(request),
    // Only run worktrees are released; a run in place works in the user's own tree.
    release: (request) => (request.workspace.branch === null ? Promise.resolve() : worktrees.release(request)),
  };
}
