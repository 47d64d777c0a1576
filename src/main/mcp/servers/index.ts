// Weft's built-in MCP servers, one per domain, each a real McpServer bound to one root.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpToolInfo } from '../../../shared/domain/mcp';
import { version } from '../../version';
import type { BuiltInServerName } from '../core/names';
import type { ToolDeclaration } from '../core/tool-declaration';
import { filesTools } from './files';
import { gitTools } from './git';
import { searchTools } from './search';
import { shellTools } from './shell';
import { type BuiltInContext, type BuiltInTool, registerTools, toolInfo } from './tool-kit';

export type { BuiltInContext, BuiltInTool } from './tool-kit';

const tools: Record<BuiltInServerName, readonly BuiltInTool[]> = {
  files: filesTools,
  git: gitTools,
  shell: shellTools,
  search: searchTools,
};

const instructions: Record<BuiltInServerName, string> = {
  files: 'Reads and changes files inside one project folder; every path is relative to it and may not leave it.',
  git: 'Git operations on the repository of one project folder.',
  shell: 'Runs command lines non-interactively inside one project folder.',
  search: 'Searches the text of the files of one project folder.',
};

/** A new server for `name`, its tools bound to `ctx`; connect it to one transport. */
export function createBuiltInServer(name: BuiltInServerName, ctx: BuiltInContext): McpServer {
  const server = new McpServer({ name: `weft-${name}`, version }, { instructions: instructions[name] });
  registerTools(server, tools[name], ctx);
  return server;
}

/** What a built-in server offers, without starting it (for the settings list). */
export function builtInToolInfo(name: BuiltInServerName): McpToolInfo[] {
  return tools[name].map(toolInfo);
}

/** The tools of a built-in server as they are defined, declarations included. */
export function builtInTools(name: BuiltInServerName): readonly BuiltInTool[] {
  return tools[name];
}

/**
 * What a built-in tool declares to the approval policy. Throws for a name the server does not
 * define: a tool the app lists but cannot declare is a bug, not a call to let through.
 */
export function builtInDeclaration(server: BuiltInServerName, tool: string): ToolDeclaration {
  const found = tools[server].find((t) => t.name === tool);
  if (!found) throw new Error(`The built-in server ${server} has no tool named ${tool}.`);
  return found.declaration;
}
