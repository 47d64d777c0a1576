import { z } from 'zod';
import { projectIdSchema } from '../../domain/project';
import {
  boardFileSchema,
  boardPauseSchema,
  boardSettingsSchema,
  taskDraftSchema,
  taskEditSchema,
  taskEventSchema,
  taskIdSchema,
  taskPrioritySchema,
  taskSchema,
} from '../../domain/tasks';
import { event, request } from '../define';

const project = z.object({ projectId: projectIdSchema });
const task = z.object({ taskId: taskIdSchema });

/** How a task branch is brought onto the current base before it lands. */
export const mergeStrategySchema = z.enum(['rebase', 'merge']);

/**
 * What happens to a task's worktree once it is done: `done` removes it (after archiving its
 * state under `refs/weft/archive/task-<id>`; the branch is kept), `never` keeps it.
 */
export const prunePolicySchema = z.enum(['done', 'never']);

/** The board's settings with the fleet runtime's own (merge strategy, pruning, check timeout). */
export const fleetSettingsSchema = boardSettingsSchema.extend({
  mergeStrategy: mergeStrategySchema.default('rebase'),
  prune: prunePolicySchema.default('done'),
  /** The check command is killed (its whole process group) after this many seconds. */
  checkTimeoutSec: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(600),
});
export type FleetSettings = z.infer<typeof fleetSettingsSchema>;

/** A check command Weft found in the project, for the user to confirm once. */
export const checkProposalSchema = z.object({ command: z.string(), reason: z.string(), source: z.string() });

export const fleetSettingsViewSchema = z.object({
  settings: fleetSettingsSchema,
  /** Why the board stopped starting tasks, or null while it runs (or was never started). */
  paused: boardPauseSchema.nullable(),
  /** True while Weft is starting tasks of this board. */
  running: z.boolean(),
  /** USD spent by the board's tasks so far. */
  spentUsd: z.number(),
  /** What detection proposes when no check command is confirmed yet (null when nothing was found). */
  proposal: checkProposalSchema.nullable(),
});
export type FleetSettingsView = z.infer<typeof fleetSettingsViewSchema>;

/** A task with what its detail panel shows. */
export const taskDetailSchema = z.object({
  task: taskSchema,
  /** The task's journal, oldest first. */
  events: z.array(taskEventSchema),
  /** Where the task's worktree is (null before it started or once pruned). */
  worktreePath: z.string().nullable(),
  /** The last check command's output (kept when it failed), null when none ran. */
  checkOutput: z.string().nullable(),
  /** The environment setup command's output, null when none ran. */
  setupOutput: z.string().nullable(),
  /** Ports the task's processes get (PORT / WEFT_PORT_BASE), while it holds a block. */
  ports: z.object({ base: z.number().int(), size: z.number().int() }).nullable(),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

const conflictFileSchema = z.object({
  path: z.string(),
  hunks: z.array(z.object({ startLine: z.number().int(), endLine: z.number().int() })),
});

/** The conflict radar: which active task branches collide with each other or the base, and where. */
export const radarReportSchema = z.object({
  projectId: z.string(),
  /** When the report was computed. */
  at: z.number(),
  base: z.object({ branch: z.string(), commit: z.string() }).nullable(),
  tasks: z.array(
    z.object({
      taskId: z.string(),
      branch: z.string(),
      commit: z.string().nullable(),
      problem: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
  /**
   * Pairs that changed common files; `b` is `@base` for the base branch. A conflict's `hunks`
   * are empty here: they are read per pair on request (`radarPair`).
   */
  pairs: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      commitA: z.string(),
      commitB: z.string(),
      overlap: z.array(z.string()),
      conflicts: z.array(conflictFileSchema),
    }),
  ),
  /** Set when the radar could not compute (git too old, base branch missing). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type RadarReportView = z.infer<typeof radarReportSchema>;

/** A difference between the board and git (see src/main/fleet/git/reconcile.ts); nothing is changed by finding it. */
export const findingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('worktree_missing'),
    taskId: z.string(),
    path: z.string(),
    branch: z.string(),
    recreatable: z.boolean(),
  }),
  /** `mainTree`: the task's branch is checked out in the user's own working tree, which Weft never moves. */
  z.object({
    kind: z.literal('worktree_moved'),
    taskId: z.string(),
    from: z.string(),
    to: z.string(),
    mainTree: z.boolean(),
  }),
  z.object({ kind: z.literal('branch_missing'), taskId: z.string(), branch: z.string(), archived: z.boolean() }),
  z.object({
    kind: z.literal('branch_rewritten'),
    taskId: z.string(),
    branch: z.string(),
    expected: z.string(),
    actual: z.string(),
  }),
  z.object({
    kind: z.literal('stray_worktree'),
    path: z.string(),
    branch: z.string().nullable(),
    head: z.string().nullable(),
    gone: z.boolean(),
  }),
  z.object({ kind: z.literal('stray_branch'), branch: z.string(), commit: z.string() }),
]);
export type FindingView = z.infer<typeof findingSchema>;

/** What the user chose to do about a finding. */
export const reconcileActionSchema = z.discriminatedUnion('action', [
  /** Re-creates a missing worktree from the task's branch. */
  z.object({ action: z.literal('recreate'), taskId: taskIdSchema }),
  /** Removes a stray worktree, archiving its state first (refused when archiving fails). */
  z.object({ action: z.literal('removeStray'), path: z.string().min(1).max(4096) }),
  /** Makes a stray worktree on a `weft/task-<id>` branch the worktree of that task again. */
  z.object({ action: z.literal('adoptStray'), path: z.string().min(1).max(4096) }),
  /** Moves a task's worktree that was moved outside Weft back where Weft keeps it (work and all). */
  z.object({ action: z.literal('moveBack'), taskId: taskIdSchema }),
]);

/**
 * `.weft/environment.json` as the settings form edits it. Loose on purpose: the main process
 * validates with the runner's own schema, so a refusal names the JSON path and the rule.
 */
export const taskEnvironmentInputSchema = z.object({
  setup: z.string().max(20_000).optional(),
  cleanup: z.string().max(20_000).optional(),
  env: z.record(z.string().max(1000), z.string().max(20_000)).optional(),
  hosts: z.array(z.string().max(1000)).max(1000).optional(),
  portsPerTask: z.number().optional(),
});
export type TaskEnvironmentInput = z.infer<typeof taskEnvironmentInputSchema>;

/** The environment file as read: parsed when valid, else why not (the form starts empty then). */
export const environmentViewSchema = z.object({
  path: z.string(),
  environment: taskEnvironmentInputSchema.extend({ portsPerTask: z.number() }).nullable(),
  problems: z.string().nullable(),
});
export type EnvironmentView = z.infer<typeof environmentViewSchema>;

/** Why the board wants the user for a task; main's AttentionService turns it into a `notifications.attention` notice. */
export const attentionSchema = z.object({
  projectId: z.string(),
  taskId: z.string(),
  title: z.string(),
  kind: z.enum(['review', 'failed', 'approval', 'done']),
  message: z.string(),
});
export type Attention = z.infer<typeof attentionSchema>;

/** The agent fleet's task board: tasks, their runs, checks, the conflict radar and the merge queue. */
export const tasks = {
  /** The project's tasks, in no particular order (the UI sorts per column). */
  list: request(project, z.array(taskSchema)),
  get: request(task, taskDetailSchema),
  add: request(
    project.extend({ draft: taskDraftSchema, dependsOn: z.array(taskIdSchema).max(200).default([]) }),
    taskSchema,
  ),
  edit: request(task.extend({ edit: taskEditSchema }), taskSchema),
  /** Cancels the task (its run is stopped); branch, worktree and journal are kept. */
  remove: request(task, taskSchema),
  /** Refused with the cycle named, or a dependency of another project named. */
  setDependencies: request(task.extend({ dependsOn: z.array(taskIdSchema).max(200) }), taskSchema),
  setPriority: request(task.extend({ priority: taskPrioritySchema }), taskSchema),
  /** Backlog → ready (blocked while a dependency is not done). */
  queue: request(task, taskSchema),
  /** Ready or blocked → backlog. */
  unqueue: request(task, taskSchema),
  /** Starts the board: ready tasks start up to `parallel` (or the concurrency setting) at a time. */
  start: request(project.extend({ parallel: z.number().int().min(1).max(64).optional() }), fleetSettingsViewSchema),
  /** Stops starting tasks; running ones go on to their end. */
  stop: request(project, fleetSettingsViewSchema),
  /** Approves a task in review: it enters the merge queue. */
  approve: request(task, taskSchema),
  /** Sends a task in review back to its run with the user's note. */
  revise: request(task.extend({ message: z.string().min(1).max(100_000) }), taskSchema),
  /** A failed task goes back to the queue with its branch and worktree. */
  retry: request(task, taskSchema),
  /** Continues a task interrupted by a stop of Weft. */
  resume: request(task, taskSchema),
  /** Brings a task's archived work back (branch, worktree and uncommitted changes). */
  recover: request(task, taskSchema),
  /** Tasks from a pasted Markdown checklist, in the backlog; lines that are not items are returned as skipped. */
  fromChecklist: request(
    project.extend({ markdown: z.string().max(1_000_000), baseBranch: z.string().min(1).max(250).optional() }),
    z.object({ created: z.array(taskSchema), skipped: z.array(z.string()) }),
  ),
  importBoard: request(
    project.extend({ board: z.unknown(), baseBranch: z.string().min(1).max(250).optional() }),
    z.array(taskSchema),
  ),
  exportBoard: request(project, boardFileSchema),
  settings: request(project, fleetSettingsViewSchema),
  /** Only the fields given change; setting `checkCommand` is the user's confirmation of it. */
  updateSettings: request(project.extend({ patch: fleetSettingsSchema.partial() }), fleetSettingsViewSchema),
  /** The latest conflict radar report (computed now when there is none yet). */
  radar: request(project.extend({ refresh: z.boolean().optional() }), radarReportSchema),
  /** One pair of the last radar report with its conflicted line ranges; null when the pair no longer overlaps. */
  radarPair: request(
    project.extend({ a: z.string().min(1).max(64), b: z.string().min(1).max(64) }),
    z
      .object({
        a: z.string(),
        b: z.string(),
        commitA: z.string(),
        commitB: z.string(),
        conflicts: z.array(conflictFileSchema),
      })
      .nullable(),
  ),
  /** Compares the board with git's worktrees and branches; changes nothing. */
  reconcile: request(project, z.array(findingSchema)),
  /** Applies the user's choice for one finding, and returns the findings left. */
  reconcileAction: request(project.extend({ action: reconcileActionSchema }), z.array(findingSchema)),
  /** The project's `.weft/environment.json`; null when it has none. */
  environment: request(project, environmentViewSchema.nullable()),
  /** Writes `.weft/environment.json`; a value the schema refuses is named by its path and nothing is written. */
  saveEnvironment: request(project.extend({ environment: taskEnvironmentInputSchema }), environmentViewSchema),
  /** One or more tasks of a project changed (or its board's settings, then `tasks` is empty). */
  changed: event(z.object({ projectId: z.string(), tasks: z.array(taskSchema) })),
  /** A new conflict radar report (after a task branch or the base branch moved). */
  radarChanged: event(radarReportSchema),
} as const;
