import { z } from 'zod';

/** Server names become tool-name prefixes (`<name>__<tool>`), so they stay short slugs. */
export const mcpServerNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and -');

/** How Weft reaches an external MCP server. */
export const mcpTransportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stdio'),
    command: z.string().min(1).max(4096),
    args: z.array(z.string().max(32_768)).max(1000).default([]),
    env: z.record(z.string(), z.string().max(32_768)).default({}),
  }),
  z.object({
    type: z.literal('http'),
    url: z
      .string()
      .max(2000)
      .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), 'must be an http(s) URL'),
    headers: z.record(z.string(), z.string().max(8192)).default({}),
  }),
]);
export type McpTransport = z.infer<typeof mcpTransportSchema>;

/** What the user adds: a server for one project or for all. */
export const mcpServerInputSchema = z
  .object({
    id: z.string().max(64).optional(),
    name: mcpServerNameSchema,
    /** null: every project. */
    projectId: z.string().max(64).nullable(),
    transport: mcpTransportSchema,
    enabled: z.boolean().default(true),
    /**
     * A stdio server the user trusts to run outside agent runs' sandbox (runs share the
     * instance in the project folder). Only the user sets it, never an imported config.
     */
    unconfined: z.boolean().default(false),
  })
  .strict();
export type McpServerInput = z.infer<typeof mcpServerInputSchema>;

/** One tool a server offers. */
export const mcpToolInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  readOnly: z.boolean(),
  /** The tool may reach the network (MCP `openWorldHint`). */
  openWorld: z.boolean(),
});
export type McpToolInfo = z.infer<typeof mcpToolInfoSchema>;

/** A server and how it is doing. Env values and headers are never sent back, only their names. */
export const mcpServerStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string().nullable(),
  /** Weft's own files, git, shell and search servers. */
  builtIn: z.boolean(),
  transport: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('stdio'),
      command: z.string(),
      args: z.array(z.string()),
      envNames: z.array(z.string()),
    }),
    z.object({ type: z.literal('http'), url: z.string(), headerNames: z.array(z.string()) }),
    z.object({ type: z.literal('builtin') }),
  ]),
  enabled: z.boolean(),
  /** Agent runs use this server outside their sandbox (stdio servers the user trusts). */
  unconfined: z.boolean().default(false),
  status: z.enum(['stopped', 'starting', 'ready', 'failed', 'restarting']),
  /** Why it failed, in a sentence. */
  error: z.string().nullable(),
  /** The last lines the server wrote to stderr. */
  stderrTail: z.string(),
  tools: z.array(mcpToolInfoSchema),
  restarts: z.number().int(),
  /** When the next restart attempt is due (epoch ms), while restarting. */
  nextRetryAt: z.number().nullable(),
});
export type McpServerState = z.infer<typeof mcpServerStateSchema>;

/** What importing a Claude Desktop / Cursor `mcpServers` block did. */
export const mcpImportResultSchema = z.object({
  added: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type McpImportResult = z.infer<typeof mcpImportResultSchema>;
