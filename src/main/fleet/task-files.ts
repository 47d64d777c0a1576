import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type TaskOutputKind = 'setup' | 'check';

/**
 * Where a task's worktree goes and where the output of its setup and check commands is kept.
 * Outputs are files (the last run of each), so they survive a restart without growing the
 * journal by megabytes of test logs.
 */
export class TaskFiles {
  constructor(
    /**
     * The agent runs' worktree folder: a task's worktree is a run worktree there (`task-<id>` on
     * `weft/task-<id>`, a name the run locator accepts), so checkpoints, the diff and rollback work on it.
     */
    readonly worktreesDir: string,
    private readonly outputsDir: string,
  ) {}

  worktreePath(taskId: string): string {
    return join(this.worktreesDir, workspaceName(taskId));
  }

  writeOutput(taskId: string, kind: TaskOutputKind, text: string): void {
    mkdirSync(this.outputsDir, { recursive: true });
    writeFileSync(this.outputPath(taskId, kind), text);
  }

  readOutput(taskId: string, kind: TaskOutputKind): string | null {
    try {
      return readFileSync(this.outputPath(taskId, kind), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private outputPath(taskId: string, kind: TaskOutputKind): string {
    return join(this.outputsDir, `${taskId}-${kind}.log`);
  }
}

/** A task's worktree folder name, which is also its run-worktree id. */
export const workspaceName = (taskId: string): string => `task-${taskId}`;

/** The branch a task works on. */
export const taskBranch = (taskId: string): string => `weft/${workspaceName(taskId)}`;
