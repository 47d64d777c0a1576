// Git as the source of truth for the board: reconcile findings, the user's actions on them, and recovery.
import { existsSync } from 'node:fs';
import type { Task } from '../../shared/domain/tasks';
import type { FindingView } from '../../shared/ipc/domains/tasks';
import { WeftError } from '../../shared/ipc/errors';
import { asWeftError, git } from '../git/git-process';
import type { Board } from './board';
import type { GitPlace } from './git/landing-steps';
import { reconcile, recreateWorktree, removeStrayWorktree, type BoardTask } from './git/reconcile';
import { recoverTask } from './git/task-archive';
import { taskBranch, type TaskFiles } from './task-files';

export type ReconcileAction =
  | { action: 'recreate'; taskId: string }
  | { action: 'removeStray'; path: string }
  | { action: 'adoptStray'; path: string }
  | { action: 'moveBack'; taskId: string };

/** States in which a task holds a worktree a user or the radar may look at. */
const withWorktree = new Set<Task['state']>(['running', 'validating', 'review', 'merging', 'failed']);

/**
 * Compares the board with `git worktree list` and the task branches, and applies what the user
 * chose for a finding; nothing is removed without that choice, and removal archives first.
 */
export class BoardGit {
  constructor(
    private readonly board: Board,
    private readonly files: TaskFiles,
    private readonly place: (projectId: string) => GitPlace,
  ) {}

  async reconcile(projectId: string): Promise<FindingView[]> {
    const findings = await reconcile(
      { ...this.place(projectId), worktreesDir: this.files.worktreesDir },
      this.boardTasks(projectId),
    );
    // Agent runs' own worktrees share the folder; only what looks like a task's is the board's business.
    return findings
      .filter((f) => f.kind !== 'stray_worktree' || (f.branch !== null && /^weft\/task-/.test(f.branch)))
      .map((f) => ({ ...f }));
  }

  async act(projectId: string, action: ReconcileAction): Promise<FindingView[]> {
    const place = this.place(projectId);
    if (action.action === 'recreate') {
      const task = this.board.get(action.taskId);
      if (!task.branch) throw new WeftError('invalid_input', `Task "${task.title}" never started; it has no worktree.`);
      await recreateWorktree(place, {
        taskId: task.id,
        branch: task.branch,
        worktreePath: this.files.worktreePath(task.id),
        lastKnownCommit: null,
      });
    } else if (action.action === 'moveBack') {
      const moved = (await this.reconcile(projectId)).find(
        (f) => f.kind === 'worktree_moved' && f.taskId === action.taskId,
      );
      if (!moved || moved.kind !== 'worktree_moved')
        throw new WeftError('invalid_input', `The worktree of this task is not elsewhere (any more).`);
      if (moved.mainTree)
        throw new WeftError(
          'invalid_input',
          `The task's branch is checked out in your own working tree (${moved.to}); Weft does not move it. Switch it to another branch there, then Check again.`,
        );
      await this.moveWorktree(projectId, moved.to, this.files.worktreePath(action.taskId), 'Moving the worktree back');
    } else {
      const stray = (await this.reconcile(projectId)).find(
        (f) => f.kind === 'stray_worktree' && f.path === action.path,
      );
      if (!stray || stray.kind !== 'stray_worktree')
        throw new WeftError('invalid_input', `${action.path} is not a stray worktree (any more).`);
      if (action.action === 'removeStray') await removeStrayWorktree(place, stray);
      else await this.adopt(projectId, stray.path, stray.branch);
    }
    return this.reconcile(projectId);
  }

  /** Brings back a task's archived branch, worktree and uncommitted changes. */
  async recover(taskId: string): Promise<void> {
    const task = this.board.get(taskId);
    await recoverTask(this.place(task.projectId), {
      taskId,
      branch: task.branch ?? taskBranch(taskId),
      worktreePath: this.files.worktreePath(taskId),
    });
  }

  private boardTasks(projectId: string): BoardTask[] {
    return this.board
      .list(projectId)
      .filter((t) => t.branch !== null && (withWorktree.has(t.state) || existsSync(this.files.worktreePath(t.id))))
      .map((t) => ({
        taskId: t.id,
        branch: t.branch!,
        worktreePath: this.files.worktreePath(t.id),
        lastKnownCommit: null,
      }));
  }

  /** A stray worktree on a task's branch becomes that task's worktree again (moved where Weft keeps it). */
  private async adopt(projectId: string, path: string, branch: string | null): Promise<void> {
    const id = branch?.match(/^weft\/task-([a-z0-9]+)$/)?.[1];
    const task = id ? this.board.list(projectId).find((t) => t.id === id) : undefined;
    if (!task)
      throw new WeftError(
        'invalid_input',
        `${path} is on ${branch ?? 'no branch'}, which belongs to no task of this board; remove it or keep it.`,
      );
    await this.moveWorktree(projectId, path, this.files.worktreePath(task.id), 'Adopting the worktree');
  }

  /** `git worktree move`, which carries uncommitted work along and refuses a target that exists. */
  private async moveWorktree(projectId: string, from: string, to: string, what: string): Promise<void> {
    if (from === to) return;
    if (existsSync(to))
      throw new WeftError(
        'already_exists',
        `${what}: ${to} exists already; move or remove it first. Nothing was moved.`,
      );
    const { repo, trusted } = this.place(projectId);
    try {
      await git(repo, ['worktree', 'move', from, to], { trusted });
    } catch (error) {
      throw asWeftError(error, what);
    }
  }
}
