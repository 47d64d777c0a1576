import { z } from 'zod';
import {
  connectionTestSchema,
  localServerSchema,
  modelInfoSchema,
  modelPurposes,
  providerIdSchema,
  providerInputSchema,
  providerViewSchema,
  templateSchema,
  usageDaySchema,
  usageQuerySchema,
} from '../../domain/models';
import { event, none, request } from '../define';

const modelName = z.string().min(1).max(200);

/** Model providers, keys, local servers, usage and prompt templates. Keys go in, never out. */
export const models = {
  providers: request(none, z.array(providerViewSchema)),
  saveProvider: request(providerInputSchema, providerViewSchema),
  removeProvider: request(z.object({ id: providerIdSchema }), z.null()),
  /** Lists the provider's models; fails with the provider's own error when it cannot. */
  testConnection: request(z.object({ id: providerIdSchema }), connectionTestSchema),
  /** Checks whether a model answers with native tool calls, and remembers the answer. */
  probeModel: request(z.object({ id: providerIdSchema, model: modelName }), modelInfoSchema),
  /** Looks for Ollama, LM Studio and llama.cpp on their default loopback ports. */
  detectLocal: request(none, z.array(localServerSchema)),
  /** A one-off prompt, e.g. to try a model from the settings page. */
  ask: request(
    z.object({
      providerId: providerIdSchema,
      model: modelName,
      prompt: z.string().min(1).max(100_000),
      purpose: z.enum(modelPurposes).optional(),
    }),
    z.object({
      text: z.string(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      costUsd: z.number().nullable(),
      latencyMs: z.number(),
      cached: z.boolean(),
    }),
  ),
  usage: request(usageQuerySchema, z.array(usageDaySchema)),
  templates: request(none, z.array(templateSchema)),
  saveTemplate: request(templateSchema, templateSchema),
  removeTemplate: request(z.object({ name: templateSchema.shape.name }), z.null()),
  providersChanged: event(z.array(providerViewSchema)),
  /** A model call was recorded; usage views refresh. */
  usageRecorded: event(z.object({ providerId: providerIdSchema, projectId: z.string().nullable() })),
} as const;
