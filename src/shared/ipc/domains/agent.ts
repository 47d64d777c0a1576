import { z } from 'zod';
import {
  approvalDecisionSchema,
  auditRowSchema,
  changedFileSchema,
  checkpointSchema,
  fileVersionsSchema,
  policyActionSchema,
  policyRuleSchema,
  runEntrySchema,
  runIdSchema,
  runViewSchema,
} from '../../domain/agent';
import { modelRefSchema } from '../../domain/models';
import { projectIdSchema } from '../../domain/project';
import { event, pathInput, request } from '../define';

const run = z.object({ runId: runIdSchema });
/** A checkpoint id, or null for the commit the run started from. */
const point = z.string().max(64).nullable();

/** Agent runs: start, watch, approve, stop, continue, review, roll back, and the approval policy. */
export const agent = {
  /** Starts a run in its own worktree on `weft/<id>`. The model defaults to the `agent` purpose's. */
  start: request(
    z.object({
      projectId: projectIdSchema,
      task: z.string().min(1).max(100_000),
      model: modelRefSchema.optional(),
      maxSteps: z.number().int().min(1).max(500).optional(),
      budgetUsd: z.number().min(0).max(10_000).optional(),
    }),
    runViewSchema,
  ),
  /** Runs of a project, newest first. */
  list: request(z.object({ projectId: projectIdSchema }), z.array(runViewSchema)),
  /**
   * A run with a page of its timeline, oldest first: the newest `limit` entries (default 200), or
   * those before seq `before`. `earlier` is true when entries older than the page remain; then
   * `anchors` holds the checkpoints and rollbacks before the page, which a checkpoint's diff and
   * rollback start from, and the sandbox entries, which say whether the run is confined.
   */
  get: request(
    run.extend({
      limit: z.number().int().min(1).max(1000).optional(),
      before: z.number().int().min(1).optional(),
    }),
    z.object({
      run: runViewSchema,
      entries: z.array(runEntrySchema),
      earlier: z.boolean(),
      anchors: z.array(runEntrySchema),
    }),
  ),
  /** Cancels the model stream and any running tool; the run ends `cancelled`. */
  stop: request(run, runViewSchema),
  /** A follow-up message: continues a finished, stopped or interrupted run. */
  send: request(run.extend({ text: z.string().min(1).max(100_000) }), runViewSchema),
  /** Answers an approval card. */
  approve: request(run.extend({ approvalId: z.string().min(1).max(64), decision: approvalDecisionSchema }), z.null()),
  checkpoints: request(run, z.array(checkpointSchema)),
  /** Files changed between two points of the run (null `to`: the worktree as it is now). */
  changes: request(run.extend({ from: point, to: point }), z.array(changedFileSchema)),
  /** One file on both sides, for the diff view. */
  fileVersions: request(run.extend({ from: point, to: point, path: pathInput }), fileVersionsSchema),
  /** Moves the worktree and branch back to a checkpoint; the run must not be live. */
  rollback: request(run.extend({ checkpointId: point }), runViewSchema),
  /** Restores what the last rollback moved away from. */
  undoRollback: request(run, runViewSchema),
  /**
   * Ends the review: merge into the base branch, cherry-pick `paths` onto the user's working
   * tree, keep the run branch for later, or discard it (worktree and branch removed).
   */
  finish: request(
    run.extend({
      action: z.enum(['merge', 'cherry_pick', 'branch', 'discard']),
      paths: z.array(pathInput).max(10_000).optional(),
    }),
    runViewSchema,
  ),
  rules: request(z.object({ projectId: projectIdSchema }), z.array(policyRuleSchema)),
  saveRule: request(
    z.object({
      projectId: projectIdSchema.nullable(),
      tool: z.string().min(1).max(200),
      command: z.string().min(1).max(1000).nullable(),
      action: policyActionSchema,
    }),
    policyRuleSchema,
  ),
  removeRule: request(z.object({ id: z.string().min(1).max(64) }), z.null()),
  audit: request(
    z.object({ projectId: projectIdSchema, runId: runIdSchema.optional(), limit: z.number().int().min(1).max(1000) }),
    z.array(auditRowSchema),
  ),
  /** A run's summary changed (status, steps, tokens, review). */
  runChanged: event(runViewSchema),
  /** A timeline entry was added, or replaced (same `seq`), e.g. a tool call got its result. */
  entry: event(z.object({ runId: z.string(), entry: runEntrySchema })),
  /** Streaming model text for the assistant entry `seq`, appended to what came before. */
  delta: event(z.object({ runId: z.string(), seq: z.number().int(), text: z.string() })),
} as const;
