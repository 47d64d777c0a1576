import { z } from 'zod';

/** Which wire protocol a provider speaks. */
export const providerKindSchema = z.enum(['anthropic', 'openai', 'openai-compatible']);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** What kind of server an OpenAI-compatible endpoint is, for defaults and labels. */
export const providerFlavorSchema = z.enum(['ollama', 'lmstudio', 'llamacpp', 'vllm', 'openrouter', 'custom']);
export type ProviderFlavor = z.infer<typeof providerFlavorSchema>;

/** How tool calls are exchanged: the API's own field, or a prompt-level protocol parsed from text. */
export const toolModeSchema = z.enum(['auto', 'native', 'text']);
export type ToolMode = z.infer<typeof toolModeSchema>;

/** Provider ids: lowercase slugs, also used in URLs and logs. */
export const providerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a provider id');

/** A provider as the UI sees it: never the key, only where it comes from and its last characters. */
export const providerViewSchema = z.object({
  id: providerIdSchema,
  kind: providerKindSchema,
  flavor: providerFlavorSchema.nullable(),
  name: z.string(),
  /** The endpoint in use: the user's, or the provider's default. */
  baseUrl: z.string(),
  keySource: z.enum(['stored', 'env', 'none']),
  /** e.g. `••••3xQa`; null when there is no key. */
  keyHint: z.string().nullable(),
  /** True when the endpoint is on this machine (works offline, costs nothing). */
  local: z.boolean(),
  toolMode: toolModeSchema,
  /** Null: Weft's default wait (see `timing.ts`). */
  firstTokenTimeoutSec: z.number().int().nullable(),
  idleTimeoutSec: z.number().int().nullable(),
  /** Built-in providers (Anthropic, OpenAI) can be edited but not removed. */
  builtIn: z.boolean(),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

const urlInput = z
  .string()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'must be an http(s) URL');

export const TIMEOUT_MIN_SEC = 5;
export const TIMEOUT_MAX_SEC = 3600;

/** A wait in whole seconds: shorter than 5 s fails healthy calls, longer than an hour hides a dead server. */
export const timeoutSecSchema = z
  .number({ error: 'must be a number of seconds' })
  .int('must be a whole number of seconds')
  .min(TIMEOUT_MIN_SEC, `must be at least ${TIMEOUT_MIN_SEC} seconds`)
  .max(TIMEOUT_MAX_SEC, `must be at most ${TIMEOUT_MAX_SEC} seconds`);

/** Adds or edits a provider. `apiKey` is write-only; `clearKey` forgets the stored one. */
export const providerInputSchema = z
  .object({
    id: providerIdSchema.optional(),
    kind: providerKindSchema,
    flavor: providerFlavorSchema.nullable().optional(),
    name: z.string().min(1).max(100),
    baseUrl: urlInput.nullable().optional(),
    apiKey: z.string().min(1).max(500).optional(),
    clearKey: z.boolean().optional(),
    toolMode: toolModeSchema.optional(),
    /** Null goes back to Weft's default; absent keeps what is stored. */
    firstTokenTimeoutSec: timeoutSecSchema.nullable().optional(),
    idleTimeoutSec: timeoutSecSchema.nullable().optional(),
  })
  .strict();
export type ProviderInput = z.infer<typeof providerInputSchema>;

/** A model on a provider, as listed by "test connection". */
export const modelInfoSchema = z.object({
  id: z.string(),
  /** Native tool calls, the text protocol, or not probed yet. */
  toolSupport: z.enum(['native', 'text', 'unknown']),
  contextLength: z.number().int().nullable(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/**
 * What a model's label should say: a provider set to native or prompt-level tool calls uses that
 * for every model, whatever an earlier probe found; only `auto` goes by the probe.
 */
export function effectiveToolSupport(toolMode: ToolMode, probed: ModelInfo['toolSupport']): ModelInfo['toolSupport'] {
  return toolMode === 'auto' ? probed : toolMode;
}

export const connectionTestSchema = z.object({
  models: z.array(modelInfoSchema),
  latencyMs: z.number(),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

/** A model server found on a default loopback port. */
export const localServerSchema = z.object({
  flavor: providerFlavorSchema,
  name: z.string(),
  baseUrl: z.string(),
  models: z.array(z.string()),
  /** The provider already configured for this endpoint, if any. */
  providerId: providerIdSchema.nullable(),
});
export type LocalServer = z.infer<typeof localServerSchema>;

/** Which model a purpose uses by default. */
export const modelRefSchema = z.object({ providerId: providerIdSchema, model: z.string().min(1).max(200) });
export type ModelRef = z.infer<typeof modelRefSchema>;

export const modelPurposes = ['agent', 'quick', 'summary'] as const;
export type ModelPurpose = (typeof modelPurposes)[number];

export const usageQuerySchema = z.object({
  days: z.number().int().min(1).max(366),
  projectId: z.string().max(64).optional(),
});

/** Tokens and cost for one day and project (null project: calls outside a project). */
export const usageDaySchema = z.object({
  day: z.string(),
  projectId: z.string().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheTokens: z.number(),
  costUsd: z.number(),
  calls: z.number(),
});
export type UsageDay = z.infer<typeof usageDaySchema>;

export const templateSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'letters, digits, _ . - only'),
  description: z.string().max(500).default(''),
  body: z.string().max(200_000),
});
export type PromptTemplate = z.infer<typeof templateSchema>;
