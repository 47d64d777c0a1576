// Checkpoints and rollbacks: the run branch's history, moved only inside the run's own worktree.
import type { ChangedFile } from '../../../shared/domain/agent';
import { WeftError } from '../../../shared/ipc/errors';
import { addAll } from '../../git/project-scope';
import { git, gitText } from './git-process';
import { headCommit, isAncestor, resolveCommit, weftIdentity } from './repo-queries';
import { diffTrees } from './run-changes';
import { readMeta, writeMeta } from './run-meta';

/** A run worktree that passed every check: real path under the worktrees folder, on `weft/<runId>`. */
export interface RunTree {
  readonly path: string;
  readonly runId: string;
  readonly branch: string;
  /** The worktrees folder (real path), where the run's metadata lives. */
  readonly home: string;
}

/** A checkpoint commit and the files it changed. */
export interface CheckpointResult {
  readonly commit: string;
  readonly files: ChangedFile[];
}

/**
 * Commits everything in the worktree (untracked files too, ignored ones not) as the Weft agent.
 * Plumbing (`write-tree`, `commit-tree`, `update-ref`) runs no hooks and no signing, and the
 * branch moves only if it still points where it did (compare-and-swap), so a concurrent move is
 * detected instead of overwritten. Null when nothing changed.
 */
export async function commitCheckpoint(run: RunTree, message: string): Promise<CheckpointResult | null> {
  const parent = await headCommit(run.path);
  if (!parent) throw new WeftError('git_failed', 'The run worktree has no commit to build on.');
  await addAll(run.path);
  const tree = await gitText(run.path, ['write-tree']);
  if (tree === (await gitText(run.path, ['rev-parse', `${parent}^{tree}`]))) return null;
  const text = message.trim() || 'Checkpoint';
  const commit = await gitText(
    run.path,
    ['-c', 'commit.gpgSign=false', 'commit-tree', '--no-gpg-sign', tree, '-p', parent, '-F', '-'],
    { env: weftIdentity, input: text + '\n' },
  );
  await git(run.path, ['update-ref', '-m', `weft: ${text.split('\n')[0]!.slice(0, 100)}`, 'HEAD', commit, parent]);
  return { commit, files: await diffTrees(run.path, parent, commit) };
}

/**
 * Moves the worktree and its branch to `target`, first checkpointing uncommitted work so
 * nothing is lost, and remembers where it came from so the move can be undone. Targets are
 * limited to the run's own history: at or after the commit the run started from, and on the
 * branch as it is now or as it was before an earlier rollback.
 */
export async function moveTo(run: RunTree, target: string, why: string): Promise<{ fromCommit: string }> {
  const commit = await resolveCommit(run.path, target);
  const head = await headCommit(run.path);
  if (!head) throw new WeftError('git_failed', 'The run worktree has no commit.');
  const meta = await readMeta(run.home, run.runId);
  if (!(await inRunHistory(run.path, commit, head, meta?.baseCommit ?? null, meta?.visited ?? []))) {
    throw new WeftError(
      'checkpoint_not_found',
      `Commit ${commit.slice(0, 12)} is not part of this run's history, so the run cannot be moved there.`,
    );
  }
  const saved = await commitCheckpoint(run, why);
  const fromCommit = saved?.commit ?? head;
  // Recorded before the reset: if Weft stops halfway, the undo is still allowed.
  if (meta && !meta.visited.includes(fromCommit))
    await writeMeta(run.home, { ...meta, visited: [...meta.visited, fromCommit] });
  await git(run.path, ['reset', '--hard', '--quiet', commit]);
  return { fromCommit };
}

async function inRunHistory(
  cwd: string,
  commit: string,
  head: string,
  base: string | null,
  visited: readonly string[],
): Promise<boolean> {
  if (commit === head) return true;
  if (base !== null && !(await isAncestor(cwd, base, commit))) return false;
  for (const tip of [head, ...visited]) if (await isAncestor(cwd, commit, tip)) return true;
  return false;
}
