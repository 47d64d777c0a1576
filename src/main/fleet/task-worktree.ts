// A task's place to work: its worktree on `weft/task-<id>` and the environment's setup command run in it.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import type { Task } from '../../shared/domain/tasks';
import { WeftError } from '../../shared/ipc/errors';
import { writeMeta } from '../agent/workspace/run-meta';
import { asWeftError, git, gitText, isWorktreeRace } from '../git/git-process';
import { loadEnvironment, taskVariables, type PortBlock } from './environment';
import { runProjectCommand, type ConfinedRun } from './sandboxed-command';
import type { TaskFiles } from './task-files';
import { workspaceName } from './task-files';

/** What preparing a task's worktree needs of the TaskRunner's deps. */
export interface WorktreeDeps {
  readonly files: TaskFiles;
  readonly isTrusted: (projectId: string) => boolean;
  readonly run: ConfinedRun;
}

/**
 * The task's worktree, as a run worktree of the agent runs' folder (with its meta, so the
 * run's checkpoints and rollbacks know it): made on a new branch from `from`, or the existing
 * one (a retry keeps its work).
 */
export async function ensureTaskWorktree(
  deps: WorktreeDeps,
  root: string,
  task: Task,
  branch: string,
  from: string,
): Promise<string> {
  const path = deps.files.worktreePath(task.id);
  for (let attempt = 1; ; attempt++) {
    if (existsSync(path)) return path;
    try {
      await addTaskWorktree(deps, root, task, branch, from, path);
      return path;
    } catch (error) {
      // Another git (the user's, another Weft) was making a worktree of this repository at the
      // same moment; the branch may exist now, which the next attempt checks out instead.
      if (attempt < 3 && isWorktreeRace(error)) continue;
      throw asWeftError(error, `Creating the worktree of task "${task.title}"`);
    }
  }
}

async function addTaskWorktree(
  deps: WorktreeDeps,
  root: string,
  task: Task,
  branch: string,
  from: string,
  path: string,
): Promise<void> {
  const top = await realpath(await gitText(root, ['rev-parse', '--show-toplevel']));
  const trusted = deps.isTrusted(task.projectId);
  const exists = await git(top, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { okCodes: [1] });
  // The user's hooks (post-checkout) are not run for a worktree only Weft uses.
  const add = ['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--quiet'];
  if (exists.code === 0) await git(top, [...add, path, branch], { trusted });
  else {
    const base = await git(top, ['rev-parse', '--verify', '--quiet', `refs/heads/${from}^{commit}`], {
      okCodes: [1],
    });
    if (base.code !== 0)
      throw new WeftError('invalid_ref', `The base branch "${from}" does not exist; nothing was started.`);
    await git(top, [...add, '-b', branch, path, `refs/heads/${from}`], { trusted });
  }
  const baseCommit = await gitText(path, ['rev-parse', 'HEAD']);
  await writeMeta(deps.files.worktreesDir, {
    runId: workspaceName(task.id),
    repoRoot: top,
    branch,
    baseCommit,
    baseBranch: from,
    visited: [],
  });
}

/** environment.json's setup command, sandboxed in the worktree; its output is kept either way. */
export async function runSetup(
  deps: WorktreeDeps,
  task: Task,
  root: string,
  path: string,
  block: PortBlock,
): Promise<{ ok: true } | { ok: false; message: string; output: string | null }> {
  const environment = await loadEnvironment(root);
  if (!environment.setup) return { ok: true };
  const result = await runProjectCommand(deps.run, {
    projectId: task.projectId,
    trusted: deps.isTrusted(task.projectId),
    command: environment.setup,
    cwd: path,
    env: taskVariables(environment, block),
    timeoutMs: 30 * 60_000,
    extraHosts: environment.hosts ?? [],
  });
  deps.files.writeOutput(task.id, 'setup', result.output);
  if (result.ok) return { ok: true };
  return {
    ok: false,
    message: result.timedOut
      ? 'The environment setup command did not finish in 30 minutes and was stopped.'
      : 'The environment setup command failed (see its output).',
    output: result.output,
  };
}
