import type { NamespaceHandlers } from '../ipc/router';
import type { McpService } from './mcp-service';

/** The `mcp.*` requests. */
export function mcpHandlers(mcp: McpService): NamespaceHandlers<'mcp'> {
  return {
    'mcp.list': ({ projectId }) => mcp.list(projectId),
    'mcp.save': (input) => mcp.save(input),
    'mcp.remove': async ({ id }) => {
      await mcp.remove(id);
      return null;
    },
    'mcp.restart': ({ id }) => mcp.restart(id),
    'mcp.import': ({ json, projectId }) => mcp.import(json, projectId),
  };
}
