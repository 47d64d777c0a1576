import { z } from 'zod';
import { boardFileSchema, type BoardFile, type Task, type TaskState } from '../../shared/domain/tasks';
import { findCycle, nameCycle } from './dependencies';
import { BoardError } from './errors';
import { newTask } from './new-task';

/** The board as a JSON file: what a person would move to another machine or project. */
export function exportBoard(tasks: readonly Task[]): BoardFile {
  return {
    weftBoard: 1,
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      priority: t.priority,
      labels: [...t.labels],
      dependsOn: [...t.dependsOn],
      assignee: t.assignee,
      baseBranch: t.baseBranch,
      state: t.state,
    })),
  };
}

/** States an imported task keeps: settled ones. Anything in flight had a worktree on another machine. */
const keptStates: ReadonlySet<TaskState> = new Set(['backlog', 'done', 'cancelled']);

export interface ImportOptions {
  readonly projectId: string;
  /** For tasks the file gives no base branch. */
  readonly baseBranch: string;
  readonly now: number;
  readonly newId: () => string;
}

/**
 * Turns a board file into new tasks for a project: validated whole before anything is written,
 * every task given a new id and its dependencies remapped to them. A dependency on an id the
 * file does not hold, a repeated id or a cycle refuses the whole file, naming the task.
 * Tasks keep the file's order through their creation time (one millisecond apart).
 */
export function planImport(json: unknown, options: ImportOptions): Task[] {
  const parsed = boardFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new BoardError('invalid_board_file', `This is not a Weft board file: ${z.prettifyError(parsed.error)}`);
  }
  const file = parsed.data;
  const ids = new Map<string, string>();
  for (const t of file.tasks) {
    if (ids.has(t.id)) {
      throw new BoardError('invalid_board_file', `The board file has two tasks with the id "${t.id}".`);
    }
    ids.set(t.id, options.newId());
  }
  for (const t of file.tasks) {
    for (const dep of t.dependsOn) {
      if (!ids.has(dep)) {
        throw new BoardError(
          'dependency_not_found',
          `"${t.title}" depends on "${dep}", which is not a task in the board file.`,
        );
      }
    }
  }
  const byOldId = new Map(file.tasks.map((t) => [t.id, t]));
  const cycle = findCycle(byOldId);
  if (cycle) {
    throw new BoardError(
      'dependency_cycle',
      `The board file's dependencies make a cycle: ${nameCycle(cycle, (id) => byOldId.get(id)?.title ?? id)}.`,
    );
  }
  return file.tasks.map((t, i) =>
    newTask({
      id: ids.get(t.id)!,
      projectId: options.projectId,
      title: t.title,
      description: t.description,
      priority: t.priority,
      labels: t.labels,
      dependsOn: [...new Set(t.dependsOn)].map((d) => ids.get(d)!),
      assignee: t.assignee,
      baseBranch: t.baseBranch ?? options.baseBranch,
      state: keptStates.has(t.state) ? t.state : 'backlog',
      createdAt: options.now + i,
      updatedAt: options.now,
    }),
  );
}
