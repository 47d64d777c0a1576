import { z } from 'zod';
import type { Field } from './kind';

// Pieces the kinds' schemas and forms share.

/** A node id: an identifier, so `nodes.<id>.output` reads the same in templates and expressions. */
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter or _ (at most 64)');

/** A workflow's name is its file name without `.json`. */
export const workflowNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ (at most 64)');

/** A string that may contain `{{inputs.x}}` / `{{nodes.id.output.path}}` references. */
export const template = z.string().max(100_000);
/** A condition or loop test in the expression language (see expression.ts). */
export const expression = z.string().min(1).max(4000);

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
export const common = {
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
export const retryable = { ...common, retries: retryPolicySchema.optional() };

/** `run` (default): the run's worktree; `own`: a worktree of its own for this step. */
export const workspaceSchema = z.enum(['run', 'own']);

export const refsHelp = 'Use {{inputs.name}} and {{nodes.id.output}} to insert values.';

export const workspaceField: Field = {
  key: 'workspace',
  label: 'Worktree',
  type: 'select',
  options: ['run', 'own'],
  help: 'run: the run’s shared worktree; own: a worktree of its own.',
};

export const modelField: Field = {
  key: 'model',
  label: 'Model',
  type: 'model',
  help: 'Leave empty for the default model of this purpose.',
};

/** A template read in the node's own scope. */
export const templateAt = (field: string, value: unknown) => ({ field, value, expression: false, inner: false });

/** Checks a node's model against the providers' model lists. */
export function checkModel(
  model: WorkflowModel | undefined,
  models: ReadonlyMap<string, readonly string[] | null> | null | undefined,
  report: (field: string, message: string) => void,
): void {
  if (!model || !models) return;
  const known = models.get(model.providerId);
  if (known === undefined) report('model', `There is no model provider "${model.providerId}".`);
  else if (known !== null && !known.includes(model.model))
    report('model', `The provider "${model.providerId}" has no model "${model.model}".`);
}
