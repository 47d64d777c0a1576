import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One workflow run: what it runs, where, and how it stands (kept in step with its journal). */
export const workflowRuns = sqliteTable(
  'workflow_runs',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    /** The workflow's name (its file under .weft/workflows). */
    workflow: text('workflow').notNull(),
    /** The definition the latest attempt ran, so a resume runs the same one. */
    definition: text('definition', { mode: 'json' }).notNull(),
    inputs: text('inputs', { mode: 'json' }).notNull(),
    status: text('status').notNull(),
    /** 1, then one more for each resume or retry. */
    attempt: integer('attempt').notNull().default(1),
    /** `{ code, message }` of a failed run. */
    error: text('error', { mode: 'json' }),
    /** The repository the run belongs to, and the worktree its steps work in. */
    repo: text('repo').notNull(),
    root: text('root').notNull(),
    /** The process running it, so a second Weft on the same data does not mark it interrupted. */
    ownerPid: integer('owner_pid'),
    /** The last journal sequence number written. */
    lastSeq: integer('last_seq').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    /** USD; null once a step used a model without a price. */
    costUsd: real('cost_usd').default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('workflow_runs_project').on(t.projectId, t.createdAt), index('workflow_runs_status').on(t.status)],
);

/** The append-only journal of a run: every state change, in order. */
export const workflowEvents = sqliteTable(
  'workflow_events',
  {
    id: integer('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: integer('at').notNull(),
    type: text('type').notNull(),
    /** The node key for node events. */
    node: text('node'),
    /** The rest of the event, as JSON. */
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('workflow_events_run_seq').on(t.runId, t.seq)],
);
