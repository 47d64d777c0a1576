import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  activeTaskStates,
  boardSettingsSchema,
  taskDraftSchema,
  taskEditSchema,
  taskPrioritySchema,
  type BoardFile,
  type BoardPause,
  type BoardSettings,
  type Task,
  type TaskDraft,
  type TaskEdit,
  type TaskEvent,
  type TaskState,
} from '../../shared/domain/tasks';
import { WeftError } from '../../shared/ipc/errors';
import type { Db } from '../db/client';
import { exportBoard, planImport } from './board-file';
import { parseChecklist } from './checklist';
import { checkDependencies, dependenciesDone, type DependencyNode } from './dependencies';
import { BoardError } from './errors';
import { transition, type TaskTransition } from './lifecycle';
import { decide, scheduledTask, type Decision, type SchedulerSnapshot } from './scheduler';
import { newTask } from './new-task';
import { TaskRepo } from './task-repo';
import { processAlive } from '../terminal/process-tree';

export interface BoardDeps {
  readonly db: Db;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Hears the tasks a committed change touched, so what a UI shows is what was persisted. */
  readonly onChange?: (change: { projectId: string; tasks: Task[] }) => void;
}

/** States in which the user may still change what a task depends on and where it starts. */
const unstartedStates: ReadonlySet<TaskState> = new Set(['backlog', 'ready', 'blocked']);

/**
 * The task board of each project: the one place its rules are enforced. Every change is one
 * transaction that writes the task rows and their journal together, so after a crash the board
 * is exactly what was journaled; a refused change throws a BoardError and writes nothing.
 */
export class Board {
  private readonly repo: TaskRepo;
  private readonly now: () => number;
  private readonly newId: () => string;
  private disposed = false;
  private recovered = false;

  constructor(private readonly deps: BoardDeps) {
    this.repo = new TaskRepo(deps.db);
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => randomBytes(6).toString('hex'));
  }

  list(projectId: string): Task[] {
    return this.repo.list(projectId);
  }

  get(taskId: string): Task {
    const task = this.repo.get(taskId);
    if (!task) throw new BoardError('task_not_found', `There is no task ${taskId}.`);
    return task;
  }

  events(taskId: string): TaskEvent[] {
    this.get(taskId);
    return this.repo.events(taskId);
  }

  add(projectId: string, draft: TaskDraft, dependsOn: readonly string[] = []): Task {
    const d = parseInput(taskDraftSchema, draft);
    return this.change(projectId, () => {
      const now = this.now();
      const task = newTask({
        id: this.newId(),
        projectId,
        title: d.title,
        description: d.description,
        priority: d.priority,
        labels: d.labels,
        assignee: d.assignee,
        baseBranch: d.baseBranch,
        createdAt: now,
      });
      this.repo.insert(task);
      this.repo.appendEvent(task.id, { type: 'created', from: null, to: 'backlog' }, now);
      if (dependsOn.length === 0) return [task];
      return [this.writeDependencies(task, dependsOn)];
    })[0]!;
  }

  /** Title, description, labels and priority can change at any time; assignee and base branch only before a start. */
  edit(taskId: string, edit: TaskEdit): Task {
    const e = definedOnly(parseInput(taskEditSchema, edit));
    return this.change(this.get(taskId).projectId, () => {
      const task = this.get(taskId);
      if (e.assignee === null && (task.state === 'ready' || task.state === 'blocked')) {
        throw new BoardError(
          'unassigned',
          `Task "${task.title}" is queued; move it back to the backlog before taking its assignee away.`,
        );
      }
      if ((e.assignee !== undefined || e.baseBranch !== undefined) && !unstartedStates.has(task.state)) {
        throw new BoardError(
          'field_locked',
          `Task "${task.title}" is ${task.state}; its assignee and base branch can only change before it starts.`,
        );
      }
      const now = this.now();
      const next: Task = { ...task, ...e, updatedAt: now };
      this.repo.update(next);
      this.repo.appendEvent(
        taskId,
        { type: 'edited', from: task.state, to: task.state, data: { fields: Object.keys(e) } },
        now,
      );
      return [next];
    })[0]!;
  }

  setPriority(taskId: string, priority: number): Task {
    return this.edit(taskId, { priority: parseInput(taskPrioritySchema, priority) });
  }

  /**
   * Replaces what a task depends on. Refused, with nothing changed, when a dependency is
   * unknown, belongs to another project, would close a cycle (named by titles), or the task has
   * already started.
   */
  setDependencies(taskId: string, dependsOn: readonly string[]): Task {
    return this.change(this.get(taskId).projectId, () => [this.writeDependencies(this.get(taskId), dependsOn)])[0]!;
  }

  private writeDependencies(task: Task, dependsOn: readonly string[]): Task {
    if (!unstartedStates.has(task.state)) {
      throw new BoardError(
        'dependencies_locked',
        `Task "${task.title}" is ${task.state}; its dependencies can only change before it starts.`,
      );
    }
    const nodes = new Map<string, DependencyNode>();
    for (const t of this.repo.list(task.projectId)) nodes.set(t.id, t);
    // Dependencies on tasks of other projects are looked up too, so the refusal can name them.
    for (const id of dependsOn) {
      if (!nodes.has(id)) {
        const other = this.repo.get(id);
        if (other) nodes.set(id, other);
      }
    }
    const checked = checkDependencies(task.id, dependsOn, nodes);
    if (!checked.ok) throw new BoardError(checked.error.code, checked.error.message);
    const now = this.now();
    this.repo.setDependencies(task.id, checked.dependsOn);
    let next: Task = { ...task, dependsOn: checked.dependsOn, updatedAt: now };
    const byId = new Map(nodes);
    if (task.state !== 'backlog') {
      next = this.must(next, { type: 'deps', depsDone: dependenciesDone(next, byId) }, now);
    }
    this.repo.update(next);
    this.repo.appendEvent(
      task.id,
      { type: 'dependencies', from: task.state, to: next.state, data: { dependsOn: checked.dependsOn } },
      now,
    );
    return next;
  }

  /** Backlog → ready (or blocked until its dependencies are done). */
  queue(taskId: string): Task {
    return this.apply(taskId, (task) => {
      if (task.assignee === null) {
        throw new BoardError(
          'unassigned',
          `Task "${task.title}" has no agent or workflow assigned; assign one before queueing it.`,
        );
      }
      return { type: 'queue', depsDone: this.depsDone(task) };
    });
  }

  unqueue(taskId: string): Task {
    return this.apply(taskId, { type: 'unqueue' });
  }

  /** Removing a task cancels it: its branch, worktree and journal stay, and it can be reopened. */
  remove(taskId: string): Task {
    return this.apply(taskId, { type: 'cancel' });
  }

  retry(taskId: string): Task {
    return this.apply(taskId, (task) => ({ type: 'retry', depsDone: this.depsDone(task) }));
  }

  resume(taskId: string): Task {
    return this.apply(taskId, { type: 'resume' });
  }

  /**
   * Applies a lifecycle event (or one made from the task as stored) and journals it. When a
   * task lands, tasks waiting for it that have nothing else to wait for become ready in the
   * same transaction.
   */
  apply(taskId: string, eventOf: TaskTransition | ((task: Task) => TaskTransition)): Task {
    return this.change(this.get(taskId).projectId, () => {
      // Read inside the transaction: another Weft on the same data may have moved the task.
      const task = this.get(taskId);
      const event = typeof eventOf === 'function' ? eventOf(task) : eventOf;
      const now = this.now();
      const next = this.must(task, event, now);
      this.repo.update(next);
      // This process drives what it moves into an active state; a second Weft on the same data leaves it alone.
      this.repo.setOwner(taskId, activeTaskStates.includes(next.state) && !next.interrupted ? process.pid : null);
      this.repo.appendEvent(
        taskId,
        { type: event.type, from: task.state, to: next.state, data: eventData(event) },
        now,
      );
      const changed = [next];
      if (next.state === 'done' && task.state !== 'done') changed.push(...this.release(next, now));
      return changed;
    })[0]!;
  }

  /** Blocked dependents of a task that just landed, now ready if nothing else holds them. */
  private release(landed: Task, now: number): Task[] {
    const byId = new Map(this.repo.list(landed.projectId).map((t) => [t.id, t]));
    const changed: Task[] = [];
    for (const id of this.repo.dependents(landed.id)) {
      const dep = byId.get(id);
      if (!dep || dep.state !== 'blocked' || !dependenciesDone(dep, byId)) continue;
      const next = this.must(dep, { type: 'deps', depsDone: true }, now);
      this.repo.update(next);
      this.repo.appendEvent(id, { type: 'deps', from: dep.state, to: next.state, data: { landed: landed.id } }, now);
      changed.push(next);
    }
    return changed;
  }

  /** Tasks started on `taskId`'s branch, to be rebased when it lands. */
  stackedOn(taskId: string): Task[] {
    const task = this.get(taskId);
    return this.repo.list(task.projectId).filter((t) => t.stackedOn === taskId);
  }

  /** A run's cost, added to its task and to the board's spending. */
  addCost(taskId: string, usd: number | null): Task {
    const task = this.get(taskId);
    return this.change(task.projectId, () => {
      this.repo.addCost(taskId, usd, this.now());
      return [this.get(taskId)];
    })[0]!;
  }

  /**
   * At start-up (once per Board): every task that was running, validating or merging when Weft
   * stopped is marked interrupted (journaled), unless another live Weft on the same data drives
   * it. Its run continues from its own journal on resume, so no completed step runs twice.
   * Returns the tasks marked.
   */
  markInterrupted(): Task[] {
    if (this.recovered) return [];
    this.recovered = true;
    const active = this.repo
      .inStates(activeTaskStates)
      .filter(({ task, ownerPid }) => {
        if (task.interrupted) return false;
        return ownerPid === null || ownerPid === process.pid || !processAlive(ownerPid);
      })
      .map(({ task }) => task);
    const now = this.now();
    const marked = this.repo.transaction(() =>
      active.map((task) => {
        const next = this.must(task, { type: 'interrupt' }, now);
        this.repo.update(next);
        this.repo.setOwner(task.id, null);
        this.repo.appendEvent(task.id, { type: 'interrupt', from: task.state, to: next.state }, now);
        return next;
      }),
    );
    const byProject = new Map<string, Task[]>();
    for (const t of marked) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t]);
    for (const [projectId, tasks] of byProject) this.deps.onChange?.({ projectId, tasks });
    return marked;
  }

  settings(projectId: string): { settings: BoardSettings; paused: BoardPause | null } {
    return this.repo.board(projectId);
  }

  updateSettings(projectId: string, patch: Partial<BoardSettings>): BoardSettings {
    const current = this.repo.board(projectId);
    const parsed = boardSettingsSchema.safeParse({ ...current.settings, ...patch });
    if (!parsed.success) throw new BoardError('invalid_task', `Board settings: ${z.prettifyError(parsed.error)}`);
    this.repo.saveBoard(projectId, parsed.data, current.paused, this.now());
    return parsed.data;
  }

  pause(projectId: string, reason: BoardPause = 'user'): void {
    const current = this.repo.board(projectId);
    this.repo.saveBoard(projectId, current.settings, reason, this.now());
  }

  unpause(projectId: string): void {
    const current = this.repo.board(projectId);
    this.repo.saveBoard(projectId, current.settings, null, this.now());
  }

  /** The scheduler's input for a project, from what is stored. */
  snapshot(projectId: string, inFlight: Readonly<Record<string, number>> = {}): SchedulerSnapshot {
    const { settings, paused } = this.repo.board(projectId);
    const tasks = this.repo.list(projectId).map(scheduledTask);
    return { tasks, inFlight, settings, spentUsd: this.repo.spent(projectId), paused };
  }

  /**
   * What to start next. A budget pause is stored here, so the board stays paused across a
   * restart until the user raises the budget and unpauses; starting and resuming are left to
   * the caller, which applies `start` once the task's worktree exists.
   */
  schedule(projectId: string, inFlight: Readonly<Record<string, number>> = {}): Decision[] {
    const decisions = decide(this.snapshot(projectId, inFlight));
    if (decisions.some((d) => d.kind === 'pause')) this.pause(projectId, 'budget');
    return decisions;
  }

  exportBoard(projectId: string): BoardFile {
    return exportBoard(this.repo.list(projectId));
  }

  /** Adds a board file's tasks to a project with new ids; refused whole when any part is wrong. */
  importBoard(projectId: string, json: unknown, baseBranch: string): Task[] {
    const planned = planImport(json, { projectId, baseBranch, now: this.now(), newId: this.newId });
    return this.change(projectId, () => {
      for (const task of planned) {
        this.repo.insert({ ...task, dependsOn: [] });
      }
      for (const task of planned) {
        this.repo.setDependencies(task.id, task.dependsOn);
        this.repo.appendEvent(task.id, { type: 'imported', from: null, to: task.state }, task.updatedAt);
      }
      return planned;
    });
  }

  /** Tasks from a pasted Markdown checklist (see parseChecklist for what counts); in the backlog. */
  fromChecklist(projectId: string, markdown: string, baseBranch: string): { created: Task[]; skipped: string[] } {
    const { items, skipped } = parseChecklist(markdown);
    const drafts = items.map((item) =>
      parseInput(taskDraftSchema, { title: item.title, description: item.description, baseBranch }),
    );
    const created = this.change(projectId, () => {
      const now = this.now();
      return drafts.map((d, i) => {
        const task = newTask({
          id: this.newId(),
          projectId,
          title: d.title,
          description: d.description,
          priority: d.priority,
          labels: d.labels,
          assignee: d.assignee,
          baseBranch: d.baseBranch,
          // One millisecond apart, so the checklist's order is the board's order within a priority.
          createdAt: now + i,
          updatedAt: now,
        });
        this.repo.insert(task);
        this.repo.appendEvent(
          task.id,
          { type: 'created', from: null, to: 'backlog', data: { from: 'checklist' } },
          now,
        );
        return task;
      });
    });
    return { created, skipped };
  }

  dispose(): void {
    this.disposed = true;
  }

  private depsDone(task: Task): boolean {
    if (task.dependsOn.length === 0) return true;
    const byId = new Map(this.repo.list(task.projectId).map((t) => [t.id, t]));
    return dependenciesDone(task, byId);
  }

  private must(task: Task, event: TaskTransition, now: number): Task {
    const result = transition(task, event, now);
    if (!result.ok) throw new BoardError(result.error.code, result.error.message);
    return result.task;
  }

  /** One transaction; listeners hear the tasks only after it committed. */
  private change(projectId: string, fn: () => Task[]): Task[] {
    if (this.disposed) throw new WeftError('cancelled', 'Weft is shutting down.');
    const tasks = this.repo.transaction(fn);
    this.deps.onChange?.({ projectId, tasks });
    return tasks;
  }
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BoardError('invalid_task', z.prettifyError(parsed.error));
  return parsed.data;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The event's details for the journal, without its type. */
function eventData(event: TaskTransition): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}
