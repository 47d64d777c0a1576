import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One agent run: its summary, updated as it goes; the timeline lives in `agent_entries`. */
export const agentRuns = sqliteTable(
  'agent_runs',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').notNull(),
    task: text('task').notNull(),
    providerId: text('provider_id').notNull(),
    model: text('model').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    branch: text('branch').notNull(),
    baseBranch: text('base_branch'),
    baseCommit: text('base_commit').notNull(),
    worktree: text('worktree'),
    review: text('review').notNull().default('open'),
    steps: integer('steps').notNull().default(0),
    maxSteps: integer('max_steps').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    /** Null when a model used has no price. */
    costUsd: real('cost_usd'),
    budgetUsd: real('budget_usd'),
    /** The process driving the run while it is live, so another Weft on the same data dir leaves it alone. */
    ownerPid: integer('owner_pid'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('agent_runs_project').on(t.projectId, t.createdAt)],
);

/** The run's timeline, in order; an entry is rewritten in place when it changes (a tool result). */
export const agentEntries = sqliteTable(
  'agent_entries',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    /** The entry as the contract's `runEntrySchema` has it. */
    data: text('data', { mode: 'json' }).notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** The conversation as the model sees it (system prompt aside), to continue a run. */
export const agentMessages = sqliteTable(
  'agent_messages',
  {
    runId: text('run_id').notNull(),
    idx: integer('idx').notNull(),
    message: text('message', { mode: 'json' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.idx] })],
);

/** Commits on the run branch after steps that changed files. */
export const agentCheckpoints = sqliteTable(
  'agent_checkpoints',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    step: integer('step').notNull(),
    commit: text('commit_hash').notNull(),
    message: text('message').notNull(),
    files: text('files', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('agent_checkpoints_run').on(t.runId, t.createdAt)],
);

/** Approval rules: per project, or global when `project_id` is null. */
export const agentRules = sqliteTable('agent_rules', {
  id: text('id').primaryKey(),
  projectId: text('project_id'),
  tool: text('tool').notNull(),
  command: text('command'),
  action: text('action').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Every policy decision and every answer to an approval card: who, what, when, which way. */
export const agentAudit = sqliteTable(
  'agent_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    projectId: text('project_id').notNull(),
    runId: text('run_id'),
    tool: text('tool').notNull(),
    subject: text('subject').notNull(),
    decision: text('decision').notNull(),
    decidedBy: text('decided_by').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('agent_audit_project').on(t.projectId, t.at)],
);
