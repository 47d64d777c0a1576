import { z } from 'zod';
import { modelRefSchema } from './models';

/**
 * Task ids are lowercase letters and digits so the task's branch `weft/task-<id>` is always a
 * valid ref and never needs quoting in a shell.
 */
export const taskIdSchema = z.string().regex(/^[a-z0-9]{6,32}$/, 'not a task id');
export type TaskId = z.infer<typeof taskIdSchema>;

/**
 * Where a task is on the board. `backlog`: written down, not yet queued by the user.
 * `blocked`: queued, but a dependency is not `done`. `ready`: queued and every dependency is
 * `done`. `running` → `validating` (the check command) → `review` → `merging` → `done`.
 * `failed` keeps its reason and output; `cancelled` keeps its branch (never a silent delete).
 */
export const taskStates = [
  'backlog',
  'ready',
  'running',
  'validating',
  'review',
  'merging',
  'done',
  'failed',
  'blocked',
  'cancelled',
] as const;
export const taskStateSchema = z.enum(taskStates);
export type TaskState = z.infer<typeof taskStateSchema>;

/** States in which a task holds a worktree and work is happening on it (or was, before a crash). */
export const activeTaskStates: readonly TaskState[] = ['running', 'validating', 'merging'];

/** 1 is the most urgent, as in "P1"; the scheduler starts lower numbers first. */
export const taskPrioritySchema = z.number().int().min(1).max(5);

/** How much an agent may do without asking; the names the agent settings offer as presets. */
export const approvalPresetSchema = z.enum(['ask', 'edits', 'auto']);
export type ApprovalPreset = z.infer<typeof approvalPresetSchema>;

/** The agent that works on a task: which model, how it asks, how far it may go. */
export const agentProfileSchema = z.object({
  kind: z.literal('agent'),
  model: modelRefSchema,
  approval: approvalPresetSchema,
  maxSteps: z.number().int().min(1).max(10_000),
  /** USD for the task's run; null: only the project's budget applies. */
  budgetUsd: z.number().positive().nullable(),
});

/** A workflow from `.weft/workflows/` with the inputs it is started with. */
export const workflowAssigneeSchema = z.object({
  kind: z.literal('workflow'),
  workflow: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a workflow name (its file under .weft/workflows)'),
  inputs: z.record(z.string(), z.json()),
});

export const assigneeSchema = z.discriminatedUnion('kind', [agentProfileSchema, workflowAssigneeSchema]);
export type Assignee = z.infer<typeof assigneeSchema>;

export const taskLabelSchema = z.string().trim().min(1).max(50);

/** Why a task failed, with the check command's output when that was the reason. */
export const taskFailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  output: z.string().nullable(),
});
export type TaskFailure = z.infer<typeof taskFailureSchema>;

/** A task as the board holds it. */
export const taskSchema = z.object({
  id: taskIdSchema,
  projectId: z.string(),
  title: z.string().trim().min(1).max(300),
  /** Markdown. */
  description: z.string().max(100_000),
  priority: taskPrioritySchema,
  labels: z.array(taskLabelSchema).max(50),
  /** Tasks of the same project that must be `done` first. */
  dependsOn: z.array(taskIdSchema),
  assignee: assigneeSchema.nullable(),
  /** The branch the task starts from and lands on. */
  baseBranch: z.string().min(1).max(250),
  state: taskStateSchema,
  /** Set when Weft stopped (crash, quit) while the task was active; cleared when it continues. */
  interrupted: z.boolean(),
  /** `weft/task-<id>` once started. */
  branch: z.string().nullable(),
  /** The dependency whose branch the task was started on, while that dependency was in review. */
  stackedOn: taskIdSchema.nullable(),
  /** The agent or workflow run working on the task. */
  runId: z.string().nullable(),
  /** Red checks sent back to the run so far (the limit is a project setting). */
  checkAttempts: z.number().int().min(0),
  failure: taskFailureSchema.nullable(),
  /** USD spent on the task's runs; null once a model without a price was used. */
  costUsd: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Task = z.infer<typeof taskSchema>;

/** What the user types when adding or editing a task. */
export const taskDraftSchema = z.object({
  title: taskSchema.shape.title,
  description: taskSchema.shape.description.default(''),
  priority: taskPrioritySchema.default(3),
  labels: taskSchema.shape.labels.default([]),
  assignee: assigneeSchema.nullable().default(null),
  baseBranch: taskSchema.shape.baseBranch,
});
export type TaskDraft = z.input<typeof taskDraftSchema>;

/** Only the fields given change (no defaults here, so an edit never resets a field it does not name). */
export const taskEditSchema = z.object({
  title: taskSchema.shape.title.optional(),
  description: taskSchema.shape.description.optional(),
  priority: taskPrioritySchema.optional(),
  labels: taskSchema.shape.labels.optional(),
  assignee: assigneeSchema.nullable().optional(),
  baseBranch: taskSchema.shape.baseBranch.optional(),
});
export type TaskEdit = z.input<typeof taskEditSchema>;

/** Per-project settings of the board. */
export const boardSettingsSchema = z.object({
  /** Tasks active at once. */
  concurrency: z.number().int().min(1).max(64).default(2),
  /** Requests in flight per model provider id; a provider not named here is only bound by `concurrency`. */
  providerLimits: z.record(z.string(), z.number().int().min(1).max(64)).default({}),
  /** Whether a task may start on the branch of a dependency that is still in review. */
  allowStacked: z.boolean().default(false),
  /** USD for the whole board; null: no budget. */
  budgetUsd: z.number().positive().nullable().default(null),
  /** Continue interrupted tasks on start-up without a click. */
  autoResume: z.boolean().default(false),
  /** The command that validates a task; null until the user confirmed one. */
  checkCommand: z.string().min(1).max(2000).nullable().default(null),
  /** Red checks sent back to the same run before the task fails. */
  maxCheckRetries: z.number().int().min(0).max(20).default(2),
});
export type BoardSettings = z.infer<typeof boardSettingsSchema>;

/** Why the board stopped starting tasks. */
export const boardPauseSchema = z.enum(['budget', 'user']);
export type BoardPause = z.infer<typeof boardPauseSchema>;

/**
 * A board as a JSON file (export / import). Ids are the file's own: import gives every task a
 * new id and remaps dependencies, so a file can be imported twice or into another project.
 */
export const boardFileSchema = z.object({
  weftBoard: z.literal(1),
  tasks: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        title: taskSchema.shape.title,
        description: taskSchema.shape.description.default(''),
        priority: taskPrioritySchema.default(3),
        labels: taskSchema.shape.labels.default([]),
        dependsOn: z.array(z.string().min(1).max(64)).default([]),
        assignee: assigneeSchema.nullable().default(null),
        baseBranch: taskSchema.shape.baseBranch.optional(),
        /** Only `backlog`, `done` and `cancelled` survive an import; anything in flight comes back as backlog. */
        state: taskStateSchema.default('backlog'),
      }),
    )
    .max(10_000),
});
export type BoardFile = z.infer<typeof boardFileSchema>;

/** One entry of a task's append-only journal. */
export const taskEventSchema = z.object({
  taskId: taskIdSchema,
  seq: z.number().int(),
  at: z.number(),
  type: z.string(),
  from: taskStateSchema.nullable(),
  to: taskStateSchema.nullable(),
  data: z.record(z.string(), z.json()),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;
