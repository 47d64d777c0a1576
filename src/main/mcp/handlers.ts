import { WeftError } from '../../shared/ipc/errors';
import type { NamespaceHandlers } from '../ipc/router';

const notYet = (): never => {
  throw new WeftError('unsupported', 'MCP servers are not available in this build yet.');
};

/** The `mcp.*` requests. */
export function mcpHandlers(): NamespaceHandlers<'mcp'> {
  return {
    'mcp.list': notYet,
    'mcp.save': notYet,
    'mcp.remove': notYet,
    'mcp.restart': notYet,
    'mcp.import': notYet,
  };
}
