// What every built-in server shares: the context a server is bound to, how a tool is declared,
// and how its answer (or its refusal) becomes an MCP result.
import { lstat } from 'node:fs/promises';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { McpToolInfo } from '../../../shared/domain/mcp';
import { isWeftError } from '../../../shared/ipc/errors';
import { fsError } from '../../files/fs-errors';
import type { IgnoreRules } from '../../files/ignore-rules';
import type { PathGuard } from '../../files/path-guard';
import { capText } from '../core/cap';
import type { ToolDeclaration } from '../core/tool-declaration';
import type { ShellExecutor } from '../tool-set';

/** What a built-in server works on: one root, its ignore rules, and how to run commands. */
export interface BuiltInContext {
  readonly guard: PathGuard;
  readonly ignore: IgnoreRules;
  readonly shell: ShellExecutor;
}

/** A tool's answer before it becomes an MCP result; long text is capped with a marker. */
export interface ToolReply {
  readonly text: string;
  readonly isError?: boolean;
}

/** A refusal or failure the model should read as such: the message says what rule or fact stopped it. */
export class ToolRefusal extends Error {}

/**
 * One built-in tool: its schema, annotations true to what it does, what it declares to the
 * approval policy (its kind and which arguments are paths), and its implementation.
 */
export interface BuiltInTool<S extends z.ZodRawShape = z.ZodRawShape> {
  readonly name: string;
  readonly description: string;
  readonly input: S;
  readonly annotations: ToolAnnotations & {
    readonly readOnlyHint: boolean;
    readonly destructiveHint: boolean;
    readonly openWorldHint: boolean;
  };
  readonly declaration: ToolDeclaration & {
    readonly pathArgs: readonly (keyof S & string)[];
    readonly commandArg?: keyof S & string;
    readonly cwdArg?: keyof S & string;
  };
  run(args: z.infer<z.ZodObject<S>>, ctx: BuiltInContext, signal: AbortSignal): Promise<ToolReply>;
}

/** Declares a tool with its argument types inferred from the schema. */
export function defineTool<S extends z.ZodRawShape>(tool: BuiltInTool<S>): BuiltInTool {
  return tool as unknown as BuiltInTool;
}

/** Annotations of a tool that only reads inside the root. */
export const readOnly = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/** Registers tools on a server, each failure turned into an error result the model can read. */
export function registerTools(server: McpServer, tools: readonly BuiltInTool[], ctx: BuiltInContext): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      // The SDK validated the arguments against `input` before this runs.
      (async (args: Record<string, unknown>, extra: { signal: AbortSignal }) =>
        toResult(await runSafely(tool, args, ctx, extra.signal))) as never,
    );
  }
}

async function runSafely(
  tool: BuiltInTool,
  args: Record<string, unknown>,
  ctx: BuiltInContext,
  signal: AbortSignal,
): Promise<ToolReply> {
  try {
    return await tool.run(args as never, ctx, signal);
  } catch (error) {
    return { text: describeFailure(error), isError: true };
  }
}

/** A failure as one readable sentence; refusals by a path rule name the rule. */
export function describeFailure(error: unknown): string {
  if (error instanceof ToolRefusal) return error.message;
  if (isWeftError(error)) {
    if (error.code === 'path_outside_project') {
      return `Refused by the path rule (path_outside_project): ${error.message} Every path must lie inside the project root; symbolic links are followed.`;
    }
    return `${error.message} (${error.code})`;
  }
  // A raw errno's message names the real path, which may be outside: say it in plain words instead.
  const mapped = fsError(error, 'the path');
  if (isWeftError(mapped)) return `${mapped.message} (${mapped.code})`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? String(error);
  return code ? `${message} (${code})` : message;
}

export function toResult(reply: ToolReply): CallToolResult {
  return { content: [{ type: 'text', text: capText(reply.text) }], ...(reply.isError ? { isError: true } : {}) };
}

/** The UI's view of a built-in tool. */
export function toolInfo(tool: BuiltInTool): McpToolInfo {
  return {
    name: tool.name,
    description: tool.description,
    readOnly: tool.annotations.readOnlyHint,
    openWorld: tool.annotations.openWorldHint,
  };
}

/**
 * Resolves a path argument through the root's PathGuard. Writes are also refused inside
 * `.git`, where a changed hook or config would run code the next time git runs.
 */
export async function resolveIn(ctx: BuiltInContext, path: string, mode: 'read' | 'write'): Promise<string> {
  const abs = await ctx.guard.resolve(path);
  if (mode === 'write') {
    const rel = ctx.guard.relative(abs);
    if (rel === '') throw new ToolRefusal('Refused: the project root itself cannot be changed by this tool.');
    if (rel === '.git' || rel.startsWith('.git/')) {
      throw new ToolRefusal(
        `Refused by the path rule (git_internals): ${path} is inside .git, which only git changes.`,
      );
    }
  }
  return abs;
}

/** The kind of what is at `abs`, or null when nothing is there (links are not followed). */
export async function kindOf(abs: string): Promise<'file' | 'dir' | 'symlink' | 'other' | null> {
  try {
    const s = await lstat(abs);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
