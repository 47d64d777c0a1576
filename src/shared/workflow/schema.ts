import { z } from 'zod';

// The file format of `.weft/workflows/<name>.json`. Version 1; a later version adds a new literal
// and a migration function, so files written today keep loading.

/** A node id: an identifier, so `nodes.<id>.output` reads the same in templates and expressions. */
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter or _ (at most 64)');

/** A workflow's name is its file name without `.json`. */
export const workflowNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ (at most 64)');

/** A string that may contain `{{inputs.x}}` / `{{nodes.id.output.path}}` references. */
const template = z.string().max(100_000);
/** A condition or loop test in the expression language (see expression.ts). */
const expression = z.string().min(1).max(4000);

/** Provider and model, as the model settings name them. */
export const workflowModelSchema = z.object({
  providerId: z.string().min(1).max(64),
  model: z.string().min(1).max(200),
});
export type WorkflowModel = z.infer<typeof workflowModelSchema>;

/** Retries with exponential backoff and jitter: the wait before retry n is about backoffMs·2^(n-1). */
export const retryPolicySchema = z
  .object({
    /** Retries after the first attempt. */
    max: z.number().int().min(0).max(10),
    backoffMs: z.number().int().min(0).max(600_000).default(1000),
    maxBackoffMs: z.number().int().min(0).max(3_600_000).default(60_000),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const position = z.object({ x: z.number(), y: z.number() }).strict();

/** Fields every node has. */
const common = {
  id: nodeIdSchema,
  /** Shown on the canvas instead of the id. */
  label: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
  /** Where the builder drew it; ignored by the engine. */
  position: position.optional(),
  /**
   * When a node with several incoming edges runs: `all` (default) needs every incoming edge
   * taken; `any` runs when at least one is, e.g. where two branches of a condition meet again.
   */
  join: z.enum(['all', 'any']).optional(),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400_000)
    .optional(),
};
/** Steps that do one thing and may be retried. */
const retryable = { ...common, retries: retryPolicySchema.optional() };

const agentNode = z
  .object({
    ...retryable,
    kind: z.literal('agent'),
    prompt: template,
    model: workflowModelSchema.optional(),
    maxSteps: z.number().int().min(1).max(1000).optional(),
    /** `run` (default): the run's worktree; `own`: a worktree of its own for this step. */
    workspace: z.enum(['run', 'own']).optional(),
  })
  .strict();

const llmNode = z
  .object({
    ...retryable,
    kind: z.literal('llm'),
    /** Without one, the default model for quick edits. */
    model: workflowModelSchema.optional(),
    system: template.optional(),
    prompt: template,
    /** A JSON Schema: the node's output is then the JSON value the model answered, else its text. */
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const toolNode = z
  .object({
    ...retryable,
    kind: z.literal('tool'),
    /** As agents see it: `<server>__<tool>`, e.g. `files__read`. */
    tool: z.string().min(1).max(200),
    /** Values may be templates; a value that is exactly one `{{…}}` keeps its type. */
    arguments: z.record(z.string(), z.unknown()).default({}),
    /** `json`: parse the tool's text answer as JSON. */
    parse: z.enum(['text', 'json']).optional(),
  })
  .strict();

const shellNode = z
  .object({
    ...retryable,
    kind: z.literal('shell'),
    /**
     * A shell string, where values from templates are inserted shell-quoted (a string that is
     * exactly one reference, such as `{{inputs.testCommand}}`, is taken as the command itself),
     * or an argv array.
     */
    command: z.union([template.min(1), z.object({ argv: z.array(template).min(1).max(1000) }).strict()]),
    /** Relative to the run's worktree; must stay inside it. */
    cwd: template.optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), template).optional(),
    /** Complete (with the exit code in the output) even when the command exits non-zero. */
    allowFailure: z.boolean().optional(),
    workspace: z.enum(['run', 'own']).optional(),
  })
  .strict();

const gitNode = z
  .object({
    ...retryable,
    kind: z.literal('git'),
    op: z.enum(['commit', 'branch', 'diff', 'merge']),
    /** commit: the message. */
    message: template.optional(),
    /** branch: the branch to create; merge: the branch to merge in. */
    branch: template.optional(),
    /** diff: the revision to compare against (default: where the run started). */
    base: template.optional(),
  })
  .strict();

const conditionNode = z
  .object({
    ...common,
    kind: z.literal('condition'),
    /** true/false picks the edges labelled `true`/`false`; a string picks edges with that label. */
    expression,
  })
  .strict();

const approvalNode = z
  .object({
    ...common,
    kind: z.literal('approval'),
    /** What the person approving is asked. */
    message: template.optional(),
  })
  .strict();

const workflowNode = z
  .object({
    ...common,
    kind: z.literal('workflow'),
    workflow: workflowNameSchema,
    inputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** A graph inside a `map` or `loop` node; its node ids are its own, its nodes may read upstream outer nodes. */
export interface SubgraphDefinition {
  nodes: NodeDefinition[];
  edges: EdgeDefinition[];
}

export const edgeSchema = z
  .object({
    id: z.string().max(128).optional(),
    from: nodeIdSchema,
    to: nodeIdSchema,
    /**
     * `success` (default): taken when `from` completes. `failure`: taken when it fails, which
     * makes the failure handled. From a condition node: the branch label the expression chose.
     */
    on: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .strict();
export type EdgeDefinition = z.infer<typeof edgeSchema>;

const subgraph: z.ZodType<SubgraphDefinition> = z.lazy(() =>
  z.object({ nodes: z.array(nodeSchema).max(10_000), edges: z.array(edgeSchema).max(50_000) }).strict(),
);

const mapNode = z
  .object({
    ...common,
    kind: z.literal('map'),
    /** A template that resolves to a list, e.g. `{{nodes.plan.output.files}}`. */
    items: template,
    /** Items in progress at once. */
    concurrency: z.number().int().min(1).max(64).optional(),
    /** Per item, in the item's scope; default: `{ <innerId>: output }` of the body's nodes. */
    result: z.unknown().optional(),
    body: subgraph,
  })
  .strict();

const loopNode = z
  .object({
    ...common,
    kind: z.literal('loop'),
    /** The body runs again until this holds (checked after each pass) or the bound is reached, which fails the node. */
    until: expression,
    maxIterations: z.number().int().min(1).max(100),
    body: subgraph,
  })
  .strict();

export const nodeKinds = [
  'agent',
  'llm',
  'tool',
  'shell',
  'git',
  'condition',
  'map',
  'loop',
  'approval',
  'workflow',
] as const;
export type NodeKind = (typeof nodeKinds)[number];

/** Kinds that do their work in an executor (and may be retried). */
export const leafKinds = ['agent', 'llm', 'tool', 'shell', 'git'] as const;
export type LeafKind = (typeof leafKinds)[number];

export const nodeSchema: z.ZodType<NodeDefinition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    agentNode,
    llmNode,
    toolNode,
    shellNode,
    gitNode,
    conditionNode,
    mapNode,
    loopNode,
    approvalNode,
    workflowNode,
  ]),
);

export type AgentNode = z.infer<typeof agentNode>;
export type LlmNode = z.infer<typeof llmNode>;
export type ToolNode = z.infer<typeof toolNode>;
export type ShellNode = z.infer<typeof shellNode>;
export type GitNode = z.infer<typeof gitNode>;
export type ConditionNode = z.infer<typeof conditionNode>;
export type ApprovalNode = z.infer<typeof approvalNode>;
export type WorkflowCallNode = z.infer<typeof workflowNode>;
export type MapNode = Omit<z.infer<typeof mapNode>, 'body'> & { body: SubgraphDefinition };
export type LoopNode = Omit<z.infer<typeof loopNode>, 'body'> & { body: SubgraphDefinition };

/** One step of a workflow. */
export type NodeDefinition =
  | AgentNode
  | LlmNode
  | ToolNode
  | ShellNode
  | GitNode
  | ConditionNode
  | MapNode
  | LoopNode
  | ApprovalNode
  | WorkflowCallNode;

export type LeafNode = Extract<NodeDefinition, { kind: LeafKind }>;

/** A declared input of a workflow, given with `--input key=value` or by the run form. */
export const workflowInputSchema = z
  .object({
    type: z.enum(['string', 'number', 'boolean', 'json']).default('string'),
    description: z.string().max(2000).optional(),
    /** Without a default, a run must give the value. */
    default: z.unknown().optional(),
  })
  .strict();
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/** A workflow file, version 1. */
export const workflowDefinitionSchema = z
  .object({
    version: z.literal(1),
    name: z.string().max(200).optional(),
    description: z.string().max(4000).optional(),
    inputs: z.record(nodeIdSchema, workflowInputSchema).default({}),
    /** What the workflow answers (templates over its nodes), e.g. to a calling `workflow` node. */
    outputs: z.record(nodeIdSchema, z.unknown()).default({}),
    /** Steps running at once (executor steps; containers and approvals do not count). */
    concurrency: z.number().int().min(1).max(64).default(4),
    nodes: z.array(nodeSchema).max(100_000),
    edges: z.array(edgeSchema).max(500_000).default([]),
  })
  .strict();
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/** A JSON value, as node outputs and inputs are. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isLeafKind(kind: string): kind is LeafKind {
  return (leafKinds as readonly string[]).includes(kind);
}

/** The sub-graph of a `map` or `loop`, or null. */
export function bodyOf(node: NodeDefinition): SubgraphDefinition | null {
  return node.kind === 'map' || node.kind === 'loop' ? node.body : null;
}
