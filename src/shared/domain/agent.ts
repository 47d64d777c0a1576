import { z } from 'zod';
import { sandboxViolationSchema } from './sandbox';
import { errorDataSchema } from '../ipc/errors';
import { modelRefSchema } from './models';

/** Run ids are opaque; they also name the run's branch `weft/<id>`. */
export const runIdSchema = z.string().regex(/^[a-z0-9]{6,32}$/, 'not a run id');

/**
 * The name of a run worktree (its folder, and its branch after `weft/`): a run id, or
 * `task-<task id>` for the worktree a board task owns (a task id has a run id's charset, so the
 * name stays safe in paths and refs).
 */
export const workspaceIdSchema = z.string().regex(/^(?:task-)?[a-z0-9]{6,32}$/, 'not a run worktree name');

/** The task id of a task's worktree name (`task-<id>`), or null for a run's own worktree. */
export function taskIdOfWorkspace(name: string): string | null {
  return /^task-([a-z0-9]{6,32})$/.exec(name)?.[1] ?? null;
}

/** Where a run is. The first three are live; the rest are final until the user sends a follow-up. */
export const runStatusSchema = z.enum([
  'starting',
  'running',
  'awaiting_approval',
  'completed',
  'failed',
  'cancelled',
  'step_limit',
  'budget_exceeded',
  'interrupted',
]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const liveRunStatuses: readonly RunStatus[] = ['starting', 'running', 'awaiting_approval'];

/**
 * What became of the run's branch: still to review, merged, kept as a branch, or thrown away;
 * `workflow`: a workflow step's run, working in the workflow run's worktree, reviewed with it.
 */
export const reviewStateSchema = z.enum(['open', 'merged', 'kept', 'discarded', 'workflow']);
export type ReviewState = z.infer<typeof reviewStateSchema>;

/** One agent run as the UI lists it. */
export const runViewSchema = z.object({
  id: runIdSchema,
  projectId: z.string(),
  /** The first task prompt. */
  task: z.string(),
  model: modelRefSchema,
  status: runStatusSchema,
  /** Why a failed or stopped run ended. */
  error: errorDataSchema.nullable(),
  /** `weft/<id>`. */
  branch: z.string(),
  /** The branch the run started from and merges back into (null: detached HEAD). */
  baseBranch: z.string().nullable(),
  /** The commit the worktree started at. */
  baseCommit: z.string(),
  /** The worktree directory, under the data dir; null once removed. */
  worktree: z.string().nullable(),
  review: reviewStateSchema,
  steps: z.number().int(),
  maxSteps: z.number().int(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** USD so far; null when a model used has no price. */
  costUsd: z.number().nullable(),
  /** Budget for the run in USD, or null. */
  budgetUsd: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type RunView = z.infer<typeof runViewSchema>;

/** How the approval policy decided a tool call. */
export const policyActionSchema = z.enum(['allow', 'ask', 'deny']);
export type PolicyAction = z.infer<typeof policyActionSchema>;

/** What the user answers on an approval card. */
export const approvalDecisionSchema = z.enum(['allow_once', 'allow_always', 'deny']);
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/**
 * What a built-in tool declares a call does: `read` and `search` only look, `edit`, `move` and
 * `delete` change files, `git` changes the repository's history or refs, `execute` runs a command line.
 */
export const toolKindSchema = z.enum(['read', 'search', 'edit', 'move', 'delete', 'git', 'execute']);
export type ToolKind = z.infer<typeof toolKindSchema>;

/** What an approval card shows: the exact command, the exact diff, or the call's arguments. */
export const approvalSubjectSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('command'),
    command: z.string(),
    cwd: z.string(),
    /** Files the run changed that define what the command runs (package.json for `npm test`), as diffs. */
    definitions: z.array(z.object({ path: z.string(), diff: z.string() })).optional(),
  }),
  z.object({ kind: z.literal('diff'), path: z.string(), diff: z.string() }),
  z.object({
    kind: z.literal('call'),
    arguments: z.string(),
    /** A built-in tool's declared kind and the paths its declared path arguments name (none for external tools). */
    action: toolKindSchema.optional(),
    paths: z.array(z.string()).optional(),
  }),
]);
export type ApprovalSubject = z.infer<typeof approvalSubjectSchema>;

/** A file a checkpoint or review touches. */
export const changedFileSchema = z.object({
  path: z.string(),
  /** Renames name the old path. */
  oldPath: z.string().nullable(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  additions: z.number().int(),
  deletions: z.number().int(),
  binary: z.boolean(),
});
export type ChangedFile = z.infer<typeof changedFileSchema>;

const toolEntry = z.object({
  kind: z.literal('tool'),
  callId: z.string(),
  /** As the model named it: `<server>__<tool>`. */
  tool: z.string(),
  /** JSON text of the arguments. */
  arguments: z.string(),
  /** `interrupted`: Weft stopped (crashed, was killed) while the call was open; it may or may not have taken effect. */
  state: z.enum(['pending', 'awaiting_approval', 'running', 'done', 'error', 'denied', 'cancelled', 'interrupted']),
  /** The result as the model saw it (truncated with a marker when long). */
  result: z.string().nullable(),
  durationMs: z.number().nullable(),
});

/** One item of a run's timeline, journaled in order. `seq` is unique within the run. */
export const runEntrySchema = z.intersection(
  z.object({ seq: z.number().int(), at: z.number() }),
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('user'),
      text: z.string(),
      /**
       * The steps this message gave the run: up to `allowance` more, so its limit became `limit`.
       * Absent in entries journaled before it was recorded.
       */
      steps: z.object({ allowance: z.number().int(), limit: z.number().int() }).optional(),
    }),
    z.object({
      kind: z.literal('assistant'),
      text: z.string(),
      step: z.number().int(),
      /** The run's cost in USD once this step's call was paid (null: unpriced); absent while it streams. */
      runCostUsd: z.number().nullable().optional(),
    }),
    toolEntry,
    z.object({
      kind: z.literal('approval'),
      approvalId: z.string(),
      callId: z.string(),
      tool: z.string(),
      subject: approvalSubjectSchema,
      /** Why the policy asked. */
      reason: z.string(),
      decision: approvalDecisionSchema.nullable(),
    }),
    z.object({
      kind: z.literal('checkpoint'),
      checkpointId: z.string(),
      step: z.number().int(),
      commit: z.string(),
      message: z.string(),
      files: z.array(changedFileSchema),
    }),
    z.object({
      kind: z.literal('rollback'),
      /** The checkpoint rolled back to (null: the run's start). */
      checkpointId: z.string().nullable(),
      /** The commit the branch pointed at before, which `undoRollback` restores. */
      fromCommit: z.string(),
      undone: z.boolean(),
    }),
    z.object({
      kind: z.literal('status'),
      status: runStatusSchema,
      message: z.string(),
    }),
    z.object({
      kind: z.literal('review'),
      action: z.enum(['merge', 'cherry_pick', 'branch', 'discard']),
      message: z.string(),
    }),
    z.object({
      kind: z.literal('sandbox'),
      /**
       * `on`/`off`: whether this run's commands are confined (journaled when the run's tools
       * open); `denied`: something a command tried and the sandbox stopped.
       */
      event: z.enum(['on', 'off', 'denied']),
      message: z.string(),
      violation: sandboxViolationSchema.nullable(),
    }),
  ]),
);
export type RunEntry = z.infer<typeof runEntrySchema>;
export type RunEntryBody = RunEntry extends infer E ? (E extends unknown ? Omit<E, 'seq' | 'at'> : never) : never;

/** A commit on the run branch made after a step that changed files. */
export const checkpointSchema = z.object({
  id: z.string(),
  runId: runIdSchema,
  step: z.number().int(),
  commit: z.string(),
  message: z.string(),
  files: z.array(changedFileSchema),
  createdAt: z.number(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** A rule of the approval policy. Patterns are globs (`*` any run of characters). */
export const policyRuleSchema = z.object({
  id: z.string(),
  /** null: a global rule. */
  projectId: z.string().nullable(),
  /** Tool name as the model sees it, glob allowed (`shell__*`, `files__write`). */
  tool: z.string().min(1).max(200),
  /** For shell tools: a glob over the command line (`npm test*`); null matches any. */
  command: z.string().max(1000).nullable(),
  action: policyActionSchema,
  createdAt: z.number(),
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/** One decision, as written to the audit table. */
export const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  projectId: z.string(),
  runId: z.string().nullable(),
  tool: z.string(),
  /** The command or path(s) decided on, or the arguments. */
  subject: z.string(),
  decision: z.enum(['allow', 'deny', 'allow_once', 'allow_always']),
  /** `policy` (a rule or default decided) or `user` (an approval card). */
  decidedBy: z.enum(['policy', 'user']),
  reason: z.string(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

/** Two versions of one file, for the diff view. null: the file does not exist on that side. */
export const fileVersionsSchema = z.object({
  path: z.string(),
  original: z.string().nullable(),
  modified: z.string().nullable(),
  binary: z.boolean(),
});
export type FileVersions = z.infer<typeof fileVersionsSchema>;
