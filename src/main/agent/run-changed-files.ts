// What a run has changed so far, for the policy's script-runner check: `npm test` runs without
// asking only while the run has not edited package.json (see policy/runners.ts).
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
