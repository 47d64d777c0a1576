import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  boardSettingsSchema,
  type Assignee,
  type BoardPause,
  type BoardSettings,
  type Task,
  type TaskEvent,
  type TaskFailure,
  type TaskState,
} from '../../shared/domain/tasks';
import type { Db } from '../db/client';
import { taskBoards, taskDependencies, taskEvents, tasks } from '../db/schema';

type TaskRow = typeof tasks.$inferSelect;

function view(row: TaskRow, dependsOn: string[]): Task {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    description: row.description,
    priority: row.priority,
    labels: row.labels,
    dependsOn,
    assignee: (row.assignee as Assignee | null) ?? null,
    baseBranch: row.baseBranch,
    state: row.state as TaskState,
    interrupted: row.interrupted,
    branch: row.branch,
    stackedOn: row.stackedOn,
    runId: row.runId,
    checkAttempts: row.checkAttempts,
    failure: (row.failure as TaskFailure | null) ?? null,
    costUsd: row.costUsd,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns a task's row stores, from the task. */
function columns(task: Task) {
  return {
    projectId: task.projectId,
    title: task.title,
    description: task.description,
    priority: task.priority,
    labels: task.labels,
    assignee: task.assignee,
    baseBranch: task.baseBranch,
    state: task.state,
    interrupted: task.interrupted,
    branch: task.branch,
    stackedOn: task.stackedOn,
    runId: task.runId,
    checkAttempts: task.checkAttempts,
    failure: task.failure,
    costUsd: task.costUsd,
    updatedAt: task.updatedAt,
  };
}

/**
 * Rows of tasks, their dependencies, journals and board settings. No rules here: the Board
 * checks them and calls these inside one transaction.
 */
export class TaskRepo {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one SQLite transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(() => fn());
  }

  insert(task: Task): void {
    this.db
      .insert(tasks)
      .values({ id: task.id, createdAt: task.createdAt, ...columns(task) })
      .run();
    this.setDependencies(task.id, task.dependsOn);
  }

  update(task: Task): void {
    this.db.update(tasks).set(columns(task)).where(eq(tasks.id, task.id)).run();
  }

  setDependencies(taskId: string, dependsOn: readonly string[]): void {
    this.db.delete(taskDependencies).where(eq(taskDependencies.taskId, taskId)).run();
    if (dependsOn.length === 0) return;
    this.db
      .insert(taskDependencies)
      .values(dependsOn.map((d) => ({ taskId, dependsOn: d })))
      .run();
  }

  get(id: string): Task | undefined {
    const row = this.db.select().from(tasks).where(eq(tasks.id, id)).get();
    if (!row) return undefined;
    const deps = this.db
      .select({ dependsOn: taskDependencies.dependsOn })
      .from(taskDependencies)
      .where(eq(taskDependencies.taskId, id))
      .orderBy(asc(taskDependencies.dependsOn))
      .all();
    return view(
      row,
      deps.map((d) => d.dependsOn),
    );
  }

  /** A project's tasks, most urgent first (priority, then age). */
  list(projectId: string): Task[] {
    const rows = this.db
      .select()
      .from(tasks)
      .where(eq(tasks.projectId, projectId))
      .orderBy(asc(tasks.priority), asc(tasks.createdAt), asc(tasks.id))
      .all();
    if (rows.length === 0) return [];
    const deps = this.db
      .select({ taskId: taskDependencies.taskId, dependsOn: taskDependencies.dependsOn })
      .from(taskDependencies)
      .innerJoin(tasks, eq(tasks.id, taskDependencies.taskId))
      .where(eq(tasks.projectId, projectId))
      .orderBy(asc(taskDependencies.dependsOn))
      .all();
    const byTask = new Map<string, string[]>();
    for (const d of deps) {
      const list = byTask.get(d.taskId);
      if (list) list.push(d.dependsOn);
      else byTask.set(d.taskId, [d.dependsOn]);
    }
    return rows.map((r) => view(r, byTask.get(r.id) ?? []));
  }

  /** Tasks of any project in the given states, with the process driving each (start-up: what was active when Weft stopped). */
  inStates(states: readonly TaskState[]): { task: Task; ownerPid: number | null }[] {
    const rows = this.db
      .select({ id: tasks.id, ownerPid: tasks.ownerPid })
      .from(tasks)
      .where(inArray(tasks.state, [...states]))
      .all();
    return rows.map((r) => ({ task: this.get(r.id)!, ownerPid: r.ownerPid }));
  }

  /** Records which process drives the task now (null: none). */
  setOwner(taskId: string, ownerPid: number | null): void {
    this.db.update(tasks).set({ ownerPid }).where(eq(tasks.id, taskId)).run();
  }

  /** Tasks that depend on `taskId`. */
  dependents(taskId: string): string[] {
    return this.db
      .select({ taskId: taskDependencies.taskId })
      .from(taskDependencies)
      .where(eq(taskDependencies.dependsOn, taskId))
      .all()
      .map((r) => r.taskId);
  }

  /** Appends to the task's journal; the next sequence number comes from the task row, in the same transaction. */
  appendEvent(
    taskId: string,
    event: { type: string; from: TaskState | null; to: TaskState | null; data?: Record<string, unknown> },
    at: number,
  ): void {
    const row = this.db
      .update(tasks)
      .set({ lastSeq: sql`${tasks.lastSeq} + 1` })
      .where(eq(tasks.id, taskId))
      .returning({ seq: tasks.lastSeq })
      .get();
    if (!row) throw new Error(`No task ${taskId} to journal an event for`);
    this.db
      .insert(taskEvents)
      .values({
        taskId,
        seq: row.seq,
        at,
        type: event.type,
        fromState: event.from,
        toState: event.to,
        data: event.data ?? {},
      })
      .run();
  }

  events(taskId: string): TaskEvent[] {
    return this.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, taskId))
      .orderBy(asc(taskEvents.seq))
      .all()
      .map((r) => ({
        taskId: r.taskId,
        seq: r.seq,
        at: r.at,
        type: r.type,
        from: r.fromState as TaskState | null,
        to: r.toState as TaskState | null,
        data: r.data as TaskEvent['data'],
      }));
  }

  /** USD the project's tasks have spent; a task without a price counts as 0 here (its null shows on the task). */
  spent(projectId: string): number {
    const row = this.db
      .select({ total: sql<number>`coalesce(sum(${tasks.costUsd}), 0)` })
      .from(tasks)
      .where(eq(tasks.projectId, projectId))
      .get();
    return row?.total ?? 0;
  }

  addCost(taskId: string, usd: number | null, now: number): void {
    this.db
      .update(tasks)
      .set({
        costUsd:
          usd === null ? null : sql`case when ${tasks.costUsd} is null then null else ${tasks.costUsd} + ${usd} end`,
        updatedAt: now,
      })
      .where(eq(tasks.id, taskId))
      .run();
  }

  board(projectId: string): { settings: BoardSettings; paused: BoardPause | null } {
    const row = this.db.select().from(taskBoards).where(eq(taskBoards.projectId, projectId)).get();
    if (!row) return { settings: boardSettingsSchema.parse({}), paused: null };
    return { settings: boardSettingsSchema.parse(row.settings), paused: (row.paused as BoardPause | null) ?? null };
  }

  saveBoard(projectId: string, settings: BoardSettings, paused: BoardPause | null, now: number): void {
    this.db
      .insert(taskBoards)
      .values({ projectId, settings, paused, updatedAt: now })
      .onConflictDoUpdate({ target: taskBoards.projectId, set: { settings, paused, updatedAt: now } })
      .run();
  }

  /** Whether a task id is taken (in any project). */
  has(id: string): boolean {
    return (
      this.db
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.id, id)))
        .get() !== undefined
    );
  }
}
