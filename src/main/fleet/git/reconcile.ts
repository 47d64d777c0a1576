// What git says about the fleet's tasks, against what the board believes.
import { existsSync, realpathSync } from 'node:fs';
import { relative, isAbsolute, basename } from 'node:path';
import { WeftError } from '../../../shared/ipc/errors';
import { checkBranch } from '../../agent/workspace/repo-queries';
import { asWeftError, git } from '../../git/git-process';
import { refCommit, samePath, type GitPlace } from './landing-steps';
import { contains, removeTask, taskArchiveRef, type Archived } from './task-archive';
import { listWorktrees, type WorktreeEntry } from './worktree-list';

export interface BoardTask {
  readonly taskId: string;
  /** Short name, e.g. `weft/task-12`. */
  readonly branch: string;
  readonly worktreePath: string | null;
  /** The branch's commit when Weft last saw it; a branch no longer containing it was rewritten. */
  readonly lastKnownCommit: string | null;
}

export type Finding =
  /** The worktree folder is gone (deleted outside Weft); re-creatable when the branch exists. */
  | { kind: 'worktree_missing'; taskId: string; path: string; branch: string; recreatable: boolean }
  /** The task's branch is checked out in another folder (moved with `git worktree move` or by hand and repaired). */
  | { kind: 'worktree_moved'; taskId: string; from: string; to: string; mainTree: boolean }
  | { kind: 'branch_missing'; taskId: string; branch: string; archived: boolean }
  | { kind: 'branch_rewritten'; taskId: string; branch: string; expected: string; actual: string }
  /** A worktree on a `weft/` branch or under Weft's worktree folder that no task knows: adopt or remove, never silently. */
  | { kind: 'stray_worktree'; path: string; branch: string | null; head: string | null; gone: boolean }
  /** A `weft/task-*` branch no task and no worktree knows. */
  | { kind: 'stray_branch'; branch: string; commit: string };

export interface ReconcileOptions extends GitPlace {
  /** The folder Weft creates task worktrees in. */
  readonly worktreesDir: string;
}

/**
 * Compares the board with `git worktree list --porcelain` and the `weft/` branches; git is
 * the source of truth, so every difference is a finding for the user to act on, and nothing
 * here changes the repository.
 */
export async function reconcile(options: ReconcileOptions, tasks: readonly BoardTask[]): Promise<Finding[]> {
  try {
    const worktrees = await listWorktrees(options.repo);
    const branches = await weftBranches(options);
    const findings: Finding[] = [];
    const known = new Set<WorktreeEntry>();
    const knownBranches = new Set(tasks.map((t) => t.branch));

    for (const task of tasks) {
      const commit = branches.get(task.branch) ?? null;
      const at = task.worktreePath ? worktrees.find((w) => samePath(w.path, task.worktreePath!)) : undefined;
      const onBranch = worktrees.find((w) => w.branch === `refs/heads/${task.branch}` && !w.prunable);
      if (at) known.add(at);
      if (onBranch) known.add(onBranch);

      if (!commit) {
        const archived = (await refCommit(options, taskArchiveRef(task.taskId))) !== null;
        findings.push({ kind: 'branch_missing', taskId: task.taskId, branch: task.branch, archived });
      } else if (
        task.lastKnownCommit &&
        task.lastKnownCommit !== commit &&
        !(await contains(options, commit, task.lastKnownCommit))
      )
        findings.push({
          kind: 'branch_rewritten',
          taskId: task.taskId,
          branch: task.branch,
          expected: task.lastKnownCommit,
          actual: commit,
        });

      if (!task.worktreePath) continue;
      const present = at && !at.prunable && existsSync(task.worktreePath);
      if (present) continue;
      if (onBranch && !samePath(onBranch.path, task.worktreePath))
        findings.push({
          kind: 'worktree_moved',
          taskId: task.taskId,
          from: task.worktreePath,
          to: onBranch.path,
          // git lists the main working tree first.
          mainTree: onBranch === worktrees[0],
        });
      else
        findings.push({
          kind: 'worktree_missing',
          taskId: task.taskId,
          path: task.worktreePath,
          branch: task.branch,
          recreatable: commit !== null,
        });
    }

    for (const w of worktrees) {
      if (w.main || known.has(w)) continue;
      const weftBranch = w.branch?.startsWith('refs/heads/weft/') ?? false;
      if (!weftBranch && !inside(options.worktreesDir, w.path)) continue;
      const branch = w.branch ? w.branch.slice('refs/heads/'.length) : null;
      if (branch) knownBranches.add(branch);
      findings.push({
        kind: 'stray_worktree',
        path: w.path,
        branch,
        head: w.head,
        gone: w.prunable || !existsSync(w.path),
      });
    }
    for (const [branch, commit] of branches)
      if (/^weft\/task-/.test(branch) && !knownBranches.has(branch))
        findings.push({ kind: 'stray_branch', branch, commit });
    return findings;
  } catch (error) {
    throw asWeftError(error, 'Comparing the tasks with git');
  }
}

/** Re-creates a task's missing worktree from its branch (the registration of the old folder is pruned first). */
export async function recreateWorktree(place: GitPlace, task: BoardTask & { worktreePath: string }): Promise<void> {
  if (existsSync(task.worktreePath))
    throw new WeftError('already_exists', `${task.worktreePath} already exists; it was left as it is.`);
  if (!(await refCommit(place, `refs/heads/${checkBranch(task.branch)}`)))
    throw new WeftError(
      'invalid_ref',
      `The branch "${task.branch}" no longer exists; recover the task from its archive instead.`,
    );
  try {
    await git(place.repo, ['worktree', 'prune'], { trusted: place.trusted });
    await git(place.repo, ['worktree', 'add', task.worktreePath, task.branch], { trusted: place.trusted });
  } catch (error) {
    throw asWeftError(error, 'Re-creating the worktree');
  }
}

/**
 * Removes a stray worktree the user chose to remove: archived first like a task
 * (`refs/weft/archive/task-stray-<folder>`), so even this keeps its work; refused if archiving fails.
 */
export function removeStrayWorktree(
  place: GitPlace,
  stray: { path: string; branch: string | null },
): Promise<Archived | null> {
  const name = basename(stray.path).replace(/[^A-Za-z0-9_-]/g, '_') || 'worktree';
  return removeTask(place, { taskId: `stray-${name}`, branch: stray.branch ?? '', worktreePath: stray.path });
}

/** `weft/` branches and their commits, from one for-each-ref. */
async function weftBranches(place: GitPlace): Promise<Map<string, string>> {
  const out = await git(place.repo, ['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads/weft/'], {
    trusted: place.trusted,
  });
  const map = new Map<string, string>();
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const [name, oid] = line.split('\0');
    // Full names: the short form turns ambiguous when a tag has the same name.
    if (name && oid) map.set(name.slice('refs/heads/'.length), oid);
  }
  return map;
}

function inside(dir: string, path: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const rel = relative(real(dir), real(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
