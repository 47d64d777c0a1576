import { z } from 'zod';

// What a workflow run journals and what the UI reads back. Node keys are id paths: `plan`, or
// `each/3/impl` for node `impl` of item 3 of map `each` (`green/2/test` for pass 2 of a loop).

/** Where a run is. `running`, `paused` and `awaiting_approval` are live; the rest are final until a resume. */
export const workflowRunStatusSchema = z.enum([
  'running',
  'paused',
  'awaiting_approval',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
]);
export type WorkflowRunStatus = z.infer<typeof workflowRunStatusSchema>;

export const liveWorkflowStatuses: readonly WorkflowRunStatus[] = ['running', 'paused', 'awaiting_approval'];

/** An error as a node or run reports it. */
export const nodeErrorSchema = z.object({ code: z.string(), message: z.string() });
export type NodeErrorData = z.infer<typeof nodeErrorSchema>;

/** Tokens and cost of a step, when it used a model. */
export const nodeMetricsSchema = z.object({
  durationMs: z.number(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  costUsd: z.number().nullable().optional(),
});
export type NodeMetrics = z.infer<typeof nodeMetricsSchema>;

const node = z.string();

/** One journaled state change, without its sequence number and time. */
export const workflowEventBodySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run.started'),
    attempt: z.number().int(),
    mode: z.enum(['start', 'resume', 'retry']),
    /** retry: the node the user retried from. */
    fromNode: z.string().optional(),
    /** Keys whose earlier outcome no longer counts (the retried node, what is downstream, and their insides). */
    invalidated: z.array(z.string()).optional(),
  }),
  /** A live change: running, paused (on demand) or awaiting_approval. */
  z.object({ type: z.literal('run.status'), status: workflowRunStatusSchema }),
  z.object({ type: z.literal('run.completed'), outputs: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('run.failed'), error: nodeErrorSchema, node: z.string().optional() }),
  z.object({ type: z.literal('run.cancelled') }),
  z.object({ type: z.literal('run.interrupted') }),
  z.object({
    type: z.literal('node.started'),
    node,
    kind: z.string(),
    /** 1 for the first try. */
    attempt: z.number().int(),
    /** What the step was given, after templates were filled in. */
    input: z.unknown().optional(),
  }),
  z.object({ type: z.literal('node.log'), node, stream: z.enum(['stdout', 'stderr', 'info']), text: z.string() }),
  z.object({
    type: z.literal('node.completed'),
    node,
    output: z.unknown(),
    /** Condition nodes: the branch label chosen. */
    branch: z.string().optional(),
    metrics: nodeMetricsSchema.optional(),
  }),
  z.object({
    type: z.literal('node.failed'),
    node,
    error: nodeErrorSchema,
    /** A failure edge took it: the run goes on, and a resume does not run the node again. */
    handled: z.boolean(),
    metrics: nodeMetricsSchema.optional(),
  }),
  z.object({
    type: z.literal('node.retried'),
    node,
    /** The attempt about to start. */
    attempt: z.number().int(),
    delayMs: z.number(),
    error: nodeErrorSchema,
    /** What the failed attempt used. */
    metrics: nodeMetricsSchema.optional(),
  }),
  z.object({ type: z.literal('node.skipped'), node }),
  /** An approval node waits for a person. */
  z.object({ type: z.literal('node.waiting'), node, message: z.string() }),
]);
export type WorkflowEventBody = z.infer<typeof workflowEventBodySchema>;
export type WorkflowEventType = WorkflowEventBody['type'];

/** A journaled event: `seq` orders the events of one run. */
export type WorkflowEvent = WorkflowEventBody & { readonly seq: number; readonly at: number };

/** A run as lists and the run view show it. */
export const workflowRunViewSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  workflow: z.string(),
  status: workflowRunStatusSchema,
  attempt: z.number().int(),
  error: nodeErrorSchema.nullable(),
  inputs: z.record(z.string(), z.unknown()),
  /** The repository, and the worktree the steps work in. */
  repo: z.string(),
  root: z.string(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  /** null: a step used a model with no price. */
  costUsd: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type WorkflowRunView = z.infer<typeof workflowRunViewSchema>;
