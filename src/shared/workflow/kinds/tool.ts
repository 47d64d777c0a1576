import { z } from 'zod';
import { resolveDeep } from '../template';
import { executorKind } from './kind';
import { refsHelp, retryable, templateAt } from './parts';

/** What a tool step's executor is given. */
export interface ToolInput {
  tool: string;
  arguments: Record<string, unknown>;
  parse: 'text' | 'json';
}

/** `tool`: one call of an MCP tool of the project. */
export const toolKind = executorKind({
  kind: 'tool',
  schema: z
    .object({
      ...retryable,
      kind: z.literal('tool'),
      /** As agents see it: `<server>__<tool>`, e.g. `files__read`. */
      tool: z.string().min(1).max(200),
      /** Values may be templates; a value that is exactly one `{{…}}` keeps its type. */
      arguments: z.record(z.string(), z.unknown()).default({}),
      /** `json`: parse the tool's text answer as JSON. */
      parse: z.enum(['text', 'json']).optional(),
    })
    .strict(),
  palette: { title: 'Tool', summary: 'One MCP tool call', accent: 'bg-teal-500', order: 50 },
  defaults: { tool: '', arguments: {} },
  unfilled: ['tool'],
  fields: [
    { key: 'tool', label: 'Tool', type: 'text', placeholder: 'server__tool', mono: true },
    { key: 'arguments', label: 'Arguments (JSON)', type: 'json', help: refsHelp, mono: true },
    { key: 'parse', label: 'Parse answer as', type: 'select', options: ['text', 'json'] },
  ],
  reads: (node) => [templateAt('arguments', node.arguments)],
  check: (node, { tools }, report) => {
    if (tools && !tools.includes(node.tool))
      report('tool', `There is no tool "${node.tool}"; check the MCP servers of this project.`);
  },
  resolve: (node, scope): ToolInput => ({
    tool: node.tool,
    arguments: resolveDeep(node.arguments, scope) as Record<string, unknown>,
    parse: node.parse ?? 'text',
  }),
});
