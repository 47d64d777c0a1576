import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { WeftError } from '../../shared/ipc/errors';
import { IgnoreRules } from '../files/ignore-rules';
import { PathGuard } from '../files/path-guard';
import { version } from '../version';
import { builtInServerNames, modelToolName, toolNamePattern, type BuiltInServerName } from './core/names';
import { resultText } from './core/result-text';
import { toolHints } from './core/result-text';
import type { ExternalServer } from './external-server';
import { MAX_SHELL_TIMEOUT_MS } from './servers/shell';
import { builtInDeclaration, createBuiltInServer } from './servers';
import type { AgentTool, ShellExecutor, ToolOutcome, ToolSet } from './tool-set';

/** A built-in server connected in process: a real MCP client and server over InMemoryTransport. */
interface BuiltInLink {
  readonly name: BuiltInServerName;
  readonly client: Client;
  readonly server: McpServer;
  readonly tools: readonly Tool[];
}

interface Route {
  readonly tool: AgentTool;
  call(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
}

/** A built-in call may run a command for the shell tool's full time limit. */
const BUILT_IN_CALL_TIMEOUT_MS = MAX_SHELL_TIMEOUT_MS + 30_000;

async function linkBuiltIn(name: BuiltInServerName, root: string, shell: ShellExecutor): Promise<BuiltInLink> {
  let guard: PathGuard;
  try {
    guard = new PathGuard(root);
  } catch {
    throw new WeftError('path_not_found', `The folder ${root} does not exist.`);
  }
  const server = createBuiltInServer(name, { guard, ignore: new IgnoreRules(guard.root, []), shell });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'weft', version });
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  return { name, client, server, tools };
}

function agentTool(name: string, server: string, tool: Tool, builtIn: BuiltInServerName | null): AgentTool {
  const hints = toolHints(tool);
  return {
    name,
    server,
    tool: tool.name,
    builtIn: builtIn !== null,
    description: tool.description ?? tool.title ?? '',
    inputSchema: tool.inputSchema as Record<string, unknown>,
    ...hints,
    ...(builtIn !== null ? { declaration: builtInDeclaration(builtIn, tool.name) } : {}),
  };
}

/**
 * Opens the tools of one run: Weft's built-in servers bound to the run's root, plus the tools
 * of the ready external servers given, each named `<server>__<tool>`.
 */
export async function openRunToolSet(
  root: string,
  shell: ShellExecutor,
  externals: readonly ExternalServer[],
  signal?: AbortSignal,
): Promise<ToolSet> {
  const links: BuiltInLink[] = [];
  const closeLinks = async () => {
    await Promise.allSettled(links.map((l) => l.client.close()));
    await Promise.allSettled(links.map((l) => l.server.close()));
  };
  try {
    for (const name of builtInServerNames) {
      if (signal?.aborted) throw new WeftError('cancelled', 'Opening the tools was cancelled.');
      links.push(await linkBuiltIn(name, root, shell));
    }
  } catch (error) {
    await closeLinks();
    throw error;
  }

  const routes = new Map<string, Route>();
  const add = (server: string, tool: Tool, builtIn: BuiltInServerName | null, call: Route['call']) => {
    const name = modelToolName(server, tool.name, new Set(routes.keys()));
    if (!toolNamePattern.test(name)) return;
    routes.set(name, { tool: agentTool(name, server, tool, builtIn), call });
  };
  for (const link of links) {
    for (const tool of link.tools) {
      add(link.name, tool, link.name, async (args, callSignal) => {
        try {
          const result = await link.client.callTool({ name: tool.name, arguments: args }, undefined, {
            signal: callSignal,
            timeout: BUILT_IN_CALL_TIMEOUT_MS,
          });
          return resultText(result as Parameters<typeof resultText>[0]);
        } catch (error) {
          if (callSignal.aborted) return { text: 'The tool call was cancelled.', isError: true };
          return { text: `${link.name}__${tool.name} failed: ${(error as Error).message}`, isError: true };
        }
      });
    }
  }
  for (const external of externals) {
    for (const tool of external.toolList) {
      add(external.config.name, tool, null, (args, callSignal) => external.call(tool.name, args, callSignal));
    }
  }

  let closed = false;
  return {
    tools: [...routes.values()].map((r) => r.tool),
    async call(name, args, callSignal) {
      const route = routes.get(name);
      if (!route) return { text: `There is no tool named "${name.slice(0, 100)}".`, isError: true };
      if (closed) return { text: 'The tools of this run were closed.', isError: true };
      if (callSignal.aborted) return { text: 'The tool call was cancelled.', isError: true };
      try {
        return await route.call(args, callSignal);
      } catch (error) {
        return { text: `${name} failed: ${(error as Error).message}`, isError: true };
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeLinks();
    },
  };
}
