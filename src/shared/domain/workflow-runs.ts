import { z } from 'zod';
import { nodeErrorSchema, workflowRunViewSchema } from '../workflow/run';

// What the UI shows of workflow runs: summaries, node states, node details. Built in main from
// the run's journal, so what the canvas shows is what was persisted.

/** Workflow run ids are opaque slugs. */
export const workflowRunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a workflow run id');

/** Where a node of a run is. */
export const nodeStatusSchema = z.enum([
  'pending',
  'running',
  'retrying',
  'waiting',
  'completed',
  'failed',
  'skipped',
  'cancelled',
]);
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

/** One run as the Runs panel lists it: the stored run, what it waits for, and how far it got. */
export const workflowRunSchema = workflowRunViewSchema.extend({
  /** Node counts; null in lists (counting needs the run's journal). */
  counts: z
    .object({
      total: z.number().int(),
      completed: z.number().int(),
      failed: z.number().int(),
      running: z.number().int(),
    })
    .nullable(),
  /** Approval nodes waiting for a person. */
  waiting: z.array(z.object({ node: z.string(), message: z.string() })),
});
export type WorkflowRunInfo = z.infer<typeof workflowRunSchema>;

/** One node of a run; `key` is its id path (`plan`, `each/3/impl`). */
export const nodeRunSchema = z.object({
  key: z.string(),
  kind: z.string(),
  status: nodeStatusSchema,
  attempt: z.number().int(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number().nullable(),
  /** Condition nodes: the branch taken. */
  branch: z.string().nullable(),
  error: nodeErrorSchema.nullable(),
  /** The failure went along a failure edge, so the run went on. */
  handled: z.boolean(),
  /** Approval nodes: what the person is asked. */
  message: z.string().nullable(),
});
export type NodeRunView = z.infer<typeof nodeRunSchema>;

/** A line a node logged. */
export const nodeLogLineSchema = z.object({
  node: z.string(),
  stream: z.enum(['stdout', 'stderr', 'info']),
  text: z.string(),
  at: z.number(),
});
export type NodeLogLine = z.infer<typeof nodeLogLineSchema>;

/** A run with its nodes and the definition it ran. */
export const workflowRunDetailSchema = z.object({
  run: workflowRunSchema,
  nodes: z.array(nodeRunSchema),
  /** The definition as it was when the run (or its latest attempt) started. */
  definition: z.record(z.string(), z.unknown()).nullable(),
});
export type WorkflowRunDetail = z.infer<typeof workflowRunDetailSchema>;

/** A file a node changed in the run's worktree. */
export const nodeChangeSchema = z.object({
  path: z.string(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
});

/** Everything about one node of a run: what it was given and answered, its log, the files it changed. */
export const nodeRunDetailSchema = z.object({
  node: nodeRunSchema,
  input: z.unknown(),
  output: z.unknown(),
  logs: z.array(nodeLogLineSchema),
  /** Null when unknown (the node changes no files, or the run keeps no per-node commits). */
  changes: z.array(nodeChangeSchema).nullable(),
});
export type NodeRunDetail = z.infer<typeof nodeRunDetailSchema>;
