import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The tasks of a project's board (issue #15); the row is kept in step with its journal. */
export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    title: text('title').notNull(),
    /** Markdown. */
    description: text('description').notNull().default(''),
    /** 1 (most urgent) to 5. */
    priority: integer('priority').notNull().default(3),
    labels: text('labels', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** An agent profile or a workflow with its inputs, as JSON; null until assigned. */
    assignee: text('assignee', { mode: 'json' }),
    baseBranch: text('base_branch').notNull(),
    state: text('state').notNull().default('backlog'),
    /** Weft stopped while the task was active; cleared when it continues. */
    interrupted: integer('interrupted', { mode: 'boolean' }).notNull().default(false),
    branch: text('branch'),
    stackedOn: text('stacked_on'),
    runId: text('run_id'),
    /** The process driving the task, so a second Weft on the same data does not mark it interrupted. */
    ownerPid: integer('owner_pid'),
    checkAttempts: integer('check_attempts').notNull().default(0),
    /** `{ code, message, output }` of the last failure or refused landing. */
    failure: text('failure', { mode: 'json' }),
    /** USD; null once a run used a model without a price. */
    costUsd: real('cost_usd').default(0),
    /** The last journal sequence number written. */
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('tasks_project_state').on(t.projectId, t.state),
    index('tasks_project_order').on(t.projectId, t.priority, t.createdAt),
  ],
);

/** `task_id` waits for `depends_on` to be done; both are tasks of the same project. */
export const taskDependencies = sqliteTable(
  'task_dependencies',
  {
    taskId: text('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    dependsOn: text('depends_on')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.dependsOn] }), index('task_dependencies_depends_on').on(t.dependsOn)],
);

/** The append-only journal of each task: every change of state, in order. */
export const taskEvents = sqliteTable(
  'task_events',
  {
    id: integer('id').primaryKey(),
    taskId: text('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: integer('at').notNull(),
    type: text('type').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    /** The rest of the event, as JSON. */
    data: text('data', { mode: 'json' }).notNull(),
  },
  (t) => [uniqueIndex('task_events_task_seq').on(t.taskId, t.seq)],
);

/** One row per project that has a board: its settings and whether it is paused. */
export const taskBoards = sqliteTable('task_boards', {
  projectId: text('project_id').primaryKey(),
  settings: text('settings', { mode: 'json' }).notNull(),
  /** `budget` or `user`; null while the board runs. */
  paused: text('paused'),
  updatedAt: integer('updated_at').notNull(),
});
