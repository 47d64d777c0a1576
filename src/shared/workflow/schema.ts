import { z } from 'zod';
import { stepKinds, type StepKinds } from './kinds';
import { nodeIdSchema } from './kinds/parts';

// The file format of `.weft/workflows/<name>.json`. Version 1; a later version adds a new literal
// and a migration function, so files written today keep loading. Each node kind's own fields are
// declared with the kind, in ./kinds/<kind>.ts.

export {
  nodeIdSchema,
  retryPolicySchema,
  workflowModelSchema,
  workflowNameSchema,
  type RetryPolicy,
  type WorkflowModel,
} from './kinds/parts';

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

/** A node kind's name, as `kind` in the file. */
export type NodeKind = keyof StepKinds;
/** Every kind, in the registry's order. */
export const nodeKinds = Object.keys(stepKinds) as readonly NodeKind[];

/** Kinds that do their work in an executor (and may be retried). */
export type LeafKind = { [K in NodeKind]: StepKinds[K]['runs'] extends 'executor' ? K : never }[NodeKind];
export const leafKinds = nodeKinds.filter((k) => stepKinds[k].runs === 'executor') as readonly LeafKind[];
type ContainerKind = { [K in NodeKind]: StepKinds[K]['container'] extends true ? K : never }[NodeKind];

/** A node of kind K: the kind's own schema, and for a container its body. */
export type NodeOf<K extends NodeKind> = z.infer<StepKinds[K]['schema']> &
  (K extends ContainerKind ? { body: SubgraphDefinition } : unknown);

/** What an executor step of kind K is given once its templates are filled in. */
export type StepInput<K extends LeafKind> = StepKinds[K] extends { resolve(...args: never[]): infer I } ? I : never;

export const nodeSchema: z.ZodType<NodeDefinition> = z.lazy(() => {
  const variants = nodeKinds.map((k) => {
    const kind = stepKinds[k];
    return kind.container ? kind.schema.extend({ body: subgraph }) : kind.schema;
  });
  return z.discriminatedUnion('kind', variants as unknown as [z.ZodObject, ...z.ZodObject[]]);
}) as unknown as z.ZodType<NodeDefinition>;

export type AgentNode = NodeOf<'agent'>;
export type LlmNode = NodeOf<'llm'>;
export type ToolNode = NodeOf<'tool'>;
export type ShellNode = NodeOf<'shell'>;
export type GitNode = NodeOf<'git'>;
export type ConditionNode = NodeOf<'condition'>;
export type ApprovalNode = NodeOf<'approval'>;
export type WorkflowCallNode = NodeOf<'workflow'>;
export type MapNode = NodeOf<'map'>;
export type LoopNode = NodeOf<'loop'>;

/** One step of a workflow. */
export type NodeDefinition = { [K in NodeKind]: NodeOf<K> }[NodeKind];

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

/** Whether kind names a kind of this version (a file may hold any string). */
export function isNodeKind(kind: unknown): kind is NodeKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(stepKinds, kind);
}

/** The sub-graph of a container node (`map`, `loop`), or null. */
export function bodyOf(node: NodeDefinition): SubgraphDefinition | null {
  return stepKinds[node.kind].container ? (node as { body: SubgraphDefinition }).body : null;
}
