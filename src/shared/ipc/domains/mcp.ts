import { z } from 'zod';
import { mcpImportResultSchema, mcpServerInputSchema, mcpServerStateSchema } from '../../domain/mcp';
import { projectIdSchema } from '../../domain/project';
import { event, request } from '../define';

const id = z.object({ id: z.string().min(1).max(64) });

/** MCP servers: Weft's built-in ones and the user's external stdio / Streamable HTTP servers. */
export const mcp = {
  /** Built-in servers, global servers, and the project's own (when `projectId` is given). */
  list: request(z.object({ projectId: projectIdSchema.optional() }), z.array(mcpServerStateSchema)),
  /** Adds or edits a server and starts it when enabled. */
  save: request(mcpServerInputSchema, mcpServerStateSchema),
  remove: request(id, z.null()),
  restart: request(id, mcpServerStateSchema),
  /** Imports the `mcpServers` block of a Claude Desktop / Cursor style JSON config. */
  import: request(
    z.object({ json: z.string().min(2).max(1_000_000), projectId: projectIdSchema.nullable() }),
    mcpImportResultSchema,
  ),
  /** A server's state changed (starting, ready, failed, tools listed). */
  changed: event(mcpServerStateSchema),
  removed: event(id),
} as const;
