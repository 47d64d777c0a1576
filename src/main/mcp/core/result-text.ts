// Pure conversion of MCP tool results and tool declarations into what the agent loop sees.
import type { McpToolInfo } from '../../../shared/domain/mcp';
import { capText } from './cap';

/** The parts of an MCP `CallToolResult` this needs, loosely typed: servers send what they send. */
export interface ToolResultLike {
  readonly content?: readonly Record<string, unknown>[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
}

/** One content block as text: text as is, other kinds as a short description. */
function blockText(block: Record<string, unknown>): string {
  switch (block.type) {
    case 'text':
      return String(block.text ?? '');
    case 'image':
    case 'audio': {
      const size = typeof block.data === 'string' ? Math.floor((block.data.length * 3) / 4) : 0;
      return `[${block.type} ${String(block.mimeType ?? '')}, ${size} bytes, not shown]`;
    }
    case 'resource': {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === 'string') return `[resource ${String(resource.uri ?? '')}]\n${resource.text}`;
      return `[resource ${String(resource.uri ?? '')} (${String(resource.mimeType ?? 'binary')}), not shown]`;
    }
    case 'resource_link':
      return `[link ${String(block.uri ?? '')}${block.name ? ` "${String(block.name)}"` : ''}]`;
    default:
      return `[${String(block.type)} content, not shown]`;
  }
}

/** A tool result as the text the model reads, capped with a marker. */
export function resultText(result: ToolResultLike): { text: string; isError: boolean } {
  const parts = (result.content ?? []).map(blockText).filter((t) => t !== '');
  if (parts.length === 0 && result.structuredContent !== undefined)
    parts.push(JSON.stringify(result.structuredContent));
  const text = parts.join('\n') || (result.isError ? 'The tool failed without saying why.' : '(no output)');
  return { text: capText(text), isError: result.isError === true };
}

/** The parts of an MCP tool declaration this needs. */
export interface ToolLike {
  readonly name: string;
  readonly description?: string;
  readonly title?: string;
  readonly inputSchema: Record<string, unknown>;
  readonly annotations?: {
    readonly readOnlyHint?: boolean;
    readonly destructiveHint?: boolean;
    readonly openWorldHint?: boolean;
    readonly title?: string;
  };
}

/** The hints with MCP's defaults for a server that declares none: may write, may destroy, may reach out. */
export function toolHints(tool: ToolLike): { readOnly: boolean; destructive: boolean; openWorld: boolean } {
  const readOnly = tool.annotations?.readOnlyHint === true;
  return {
    readOnly,
    destructive: !readOnly && tool.annotations?.destructiveHint !== false,
    openWorld: tool.annotations?.openWorldHint !== false,
  };
}

/** The settings page's view of a tool. */
export function toolInfoOf(tool: ToolLike): McpToolInfo {
  const hints = toolHints(tool);
  return {
    name: tool.name,
    description: tool.description ?? tool.title ?? tool.annotations?.title ?? '',
    readOnly: hints.readOnly,
    openWorld: hints.openWorld,
  };
}
