// A task's work kept under a hidden ref before its worktree and branch go, and brought back.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WeftError } from '../../../shared/ipc/errors';
import { weftIdentity, dirtyEntries, checkBranch } from '../../agent/workspace/repo-queries';
import { asWeftError, git, gitText } from '../../git/git-process';
import { refNameProblem } from '../../git/refs';
import { FleetGitError } from './errors';
import { refCommit, samePath, type GitPlace } from './landing-steps';
import { listWorktrees } from './worktree-list';

/** The trailer that marks an archive commit holding uncommitted changes (its parent is the branch tip). */
const SNAPSHOT_TRAILER = 'Weft-Archive: uncommitted';

export const taskArchiveRef = (taskId: string): string => {
  const name = `task-${taskId}`;
  const problem = refNameProblem(name);
  if (problem) throw new WeftError('invalid_ref', `"${taskId.slice(0, 80)}" cannot name an archive: ${problem}.`);
  return `refs/weft/archive/${name}`;
};

export interface TaskPlace {
  readonly taskId: string;
  readonly branch: string;
  readonly worktreePath: string | null;
}

export interface Archived {
  readonly ref: string;
  readonly commit: string;
  /** The worktree had uncommitted changes (tracked or untracked), kept in a commit on top of its HEAD. */
  readonly uncommitted: boolean;
}

/**
 * Records the task's state under `refs/weft/archive/task-<id>`: its branch tip, or, when its
 * worktree has uncommitted changes, a commit of them on top of the worktree's HEAD (made with
 * a separate index, so neither the worktree nor its branch changes). An earlier archive that
 * the new one does not contain is kept under `refs/weft/archive-previous/`. Throws
 * `archive_failed` when the ref does not end up at the commit.
 */
export async function archiveTask(place: GitPlace, task: TaskPlace): Promise<Archived | null> {
  const ref = taskArchiveRef(task.taskId);
  try {
    const worktree = task.worktreePath && (await isWorktree(place, task.worktreePath)) ? task.worktreePath : null;
    const head = worktree
      ? await gitText(worktree, ['rev-parse', '--verify', 'HEAD^{commit}'])
      : await refCommit(place, `refs/heads/${checkBranch(task.branch)}`);
    if (!head) return null;
    const snapshot =
      worktree && (await dirtyEntries(worktree)).length
        ? await snapshotCommit(place, worktree, head, task.taskId)
        : null;
    const commit = snapshot ?? head;
    const previous = await refCommit(place, ref);
    if (previous && previous !== commit && !(await contains(place, commit, previous)))
      await git(place.repo, ['update-ref', `refs/weft/archive-previous/task-${task.taskId}-${Date.now()}`, previous], {
        trusted: place.trusted,
      });
    await git(place.repo, ['update-ref', '-m', `weft: task ${task.taskId} archived`, ref, commit], {
      trusted: place.trusted,
    });
    if ((await refCommit(place, ref)) !== commit) throw new Error('the archive ref did not move');
    return { ref, commit, uncommitted: snapshot !== null };
  } catch (error) {
    const why = asWeftError(error, 'Archiving').message;
    throw new FleetGitError('archive_failed', `The state of task ${task.taskId} could not be archived: ${why}`);
  }
}

/**
 * Cleans a task up after it landed or was cancelled: archive first, then the worktree (forced:
 * the archive holds its changes) and the branch (only if still at the archived tip). Nothing
 * is removed when archiving failed.
 */
export async function removeTask(place: GitPlace, task: TaskPlace): Promise<Archived | null> {
  const archived = await archiveTask(place, task);
  try {
    if (task.worktreePath && (await isWorktree(place, task.worktreePath)))
      await git(place.repo, ['worktree', 'remove', '--force', task.worktreePath], { trusted: place.trusted });
    await git(place.repo, ['worktree', 'prune'], { trusted: place.trusted });
    const tip = task.branch ? await refCommit(place, `refs/heads/${task.branch}`) : null;
    if (tip && archived && (tip === archived.commit || (await contains(place, archived.commit, tip))))
      await git(place.repo, ['update-ref', '-d', `refs/heads/${task.branch}`, tip], { trusted: place.trusted });
    return archived;
  } catch (error) {
    throw asWeftError(error, `Removing task ${task.taskId}`);
  }
}

export interface Recovered {
  readonly branch: string;
  readonly worktreePath: string;
  readonly commit: string;
  readonly restoredUncommitted: boolean;
}

/**
 * The "Recover" action: re-creates the task's branch (at the archived tip) and worktree from
 * its archive ref, with the uncommitted changes back as uncommitted changes. Refuses to
 * overwrite a branch that exists at another commit or a folder that is not empty.
 */
export async function recoverTask(place: GitPlace, task: TaskPlace & { worktreePath: string }): Promise<Recovered> {
  const ref = taskArchiveRef(task.taskId);
  const archived = await refCommit(place, ref);
  if (!archived) throw new FleetGitError('archive_not_found', `Task ${task.taskId} has no archive to recover.`);
  const message = await gitText(place.repo, ['log', '-1', '--format=%B', archived], { trusted: place.trusted });
  const snapshot = message.includes(SNAPSHOT_TRAILER);
  const tip = snapshot ? await gitText(place.repo, ['rev-parse', `${archived}^`]) : archived;
  const branchRef = `refs/heads/${checkBranch(task.branch)}`;
  const existing = await refCommit(place, branchRef);
  if (existing && existing !== tip)
    throw new WeftError(
      'already_exists',
      `The branch "${task.branch}" exists at another commit; it was left as it is.`,
    );
  if (existsSync(task.worktreePath) && readdirSync(task.worktreePath).length)
    throw new WeftError('already_exists', `${task.worktreePath} exists and is not empty; choose another folder.`);
  try {
    if (!existing) await git(place.repo, ['update-ref', branchRef, tip, ''], { trusted: place.trusted });
    await git(place.repo, ['worktree', 'prune'], { trusted: place.trusted });
    await git(place.repo, ['worktree', 'add', task.worktreePath, task.branch], { trusted: place.trusted });
    if (snapshot) {
      // Files become the archived ones, then the index goes back to HEAD: changes show as uncommitted again.
      await git(task.worktreePath, ['read-tree', '-m', '-u', 'HEAD', archived], { trusted: place.trusted });
      await git(task.worktreePath, ['read-tree', 'HEAD'], { trusted: place.trusted });
    }
  } catch (error) {
    throw asWeftError(error, `Recovering task ${task.taskId}`);
  }
  return { branch: task.branch, worktreePath: task.worktreePath, commit: tip, restoredUncommitted: snapshot };
}

async function isWorktree(place: GitPlace, path: string): Promise<boolean> {
  return (await listWorktrees(place.repo)).some((w) => !w.prunable && samePath(w.path, path));
}

/** True when `descendant` contains `ancestor`. */
export async function contains(place: GitPlace, descendant: string, ancestor: string): Promise<boolean> {
  const { code } = await git(place.repo, ['merge-base', '--is-ancestor', ancestor, descendant], {
    okCodes: [1, 128],
    trusted: place.trusted,
  });
  return code === 0;
}

/** A commit of everything in `worktree` (untracked files included, ignored ones not) on top of `head`. */
async function snapshotCommit(place: GitPlace, worktree: string, head: string, taskId: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'weft-archive-'));
  const env = { ...weftIdentity, GIT_INDEX_FILE: join(dir, 'index') };
  const options = { env, trusted: place.trusted };
  try {
    await git(worktree, ['read-tree', head], options);
    await git(worktree, ['add', '-A'], options);
    const tree = await gitText(worktree, ['write-tree'], options);
    const message = `weft: uncommitted changes of task ${taskId}\n\n${SNAPSHOT_TRAILER}\n`;
    return await gitText(worktree, ['commit-tree', tree, '-p', head, '-m', message], options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
