import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Model providers the user configured; keys only as ciphertext from the SecretCipher. */
export const modelProviders = sqliteTable('model_providers', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  flavor: text('flavor'),
  name: text('name').notNull(),
  /** Null: the provider's default endpoint. */
  baseUrl: text('base_url'),
  keyCiphertext: text('key_ciphertext'),
  /** The key's last four characters, so the UI can show which key without decrypting it. */
  keyHint: text('key_hint'),
  toolMode: text('tool_mode').notNull().default('auto'),
  /** What probing found per model: `{ [model]: { toolSupport, contextLength } }`. */
  modelInfo: text('model_info', { mode: 'json' }).notNull().default({}),
  /** Seconds to wait for a call's first token; null: Weft's default (longer for local servers). */
  firstTokenTimeoutSec: integer('first_token_timeout_sec'),
  /** Seconds to wait between tokens once streaming; null: Weft's default. */
  idleTimeoutSec: integer('idle_timeout_sec'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** One row per model call: what it used and cost, and what it was for. */
export const modelUsage = sqliteTable(
  'model_usage',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    providerId: text('provider_id').notNull(),
    providerKind: text('provider_kind').notNull(),
    model: text('model').notNull(),
    purpose: text('purpose'),
    projectId: text('project_id'),
    runId: text('run_id'),
    workflowId: text('workflow_id'),
    nodeId: text('node_id'),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheReadTokens: integer('cache_read_tokens').notNull(),
    cacheWriteTokens: integer('cache_write_tokens').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    /** Null when the model has no price in the table. */
    costUsd: real('cost_usd'),
    /** Answered from Weft's response cache: no request was made. */
    cached: integer('cached', { mode: 'boolean' }).notNull().default(false),
    /** `ok`, or the error code the call ended with. */
    outcome: text('outcome').notNull(),
  },
  (t) => [
    index('model_usage_at').on(t.at),
    index('model_usage_run').on(t.runId),
    index('model_usage_workflow').on(t.workflowId),
  ],
);

/** Answers to deterministic calls, keyed by a hash of everything that shaped them. */
export const modelResponseCache = sqliteTable('model_response_cache', {
  key: text('key').primaryKey(),
  providerId: text('provider_id').notNull(),
  model: text('model').notNull(),
  result: text('result', { mode: 'json' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Named prompt templates with `{{variables}}`. */
export const promptTemplates = sqliteTable('prompt_templates', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  body: text('body').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
