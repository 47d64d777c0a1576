import { scanShell } from '../../../shared/shell-quotes';
import type { ValueScope } from '../../../shared/workflow/scope';
import type { LeafNode } from '../../../shared/workflow/schema';
import { resolveDeep, resolveText, TemplateError } from '../../../shared/workflow/template';
import type { ResolvedInput } from './types';

/**
 * Quotes a value for a POSIX shell so it stays one piece of data wherever the author put the
 * reference: bare (single quotes), inside the author's `"…"` (backslash before `"`, `\`, `$` and
 * backquote, so `$(…)` in the value is text) or inside `'…'` (closing and reopening around `'`).
 */
export function posixQuote(text: string, before = ''): string {
  const { state } = scanShell(before);
  if (state === 'double') return text.replace(/["\\$`]/g, (c) => `\\${c}`);
  if (state === 'single') return text.replace(/'/g, `'\\''`);
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * cmd.exe has no quoting that is safe for every value: double quotes work for plain text, and a
 * value with quotes, `%`, `!` or line breaks is refused (the argv form passes it safely).
 */
export function windowsQuote(text: string, before = ''): string {
  if (/["%!\r\n]/.test(text)) {
    throw new TemplateError(
      'A value with quotes, %, ! or line breaks cannot be put into a Windows command string safely; use the argv form of the command.',
    );
  }
  // Inside the author's own double quotes the value is already quoted; wrapping it would unquote it.
  const insideQuotes = (before.match(/"/g)?.length ?? 0) % 2 === 1;
  return insideQuotes ? text : `"${text}"`;
}

/** Fills in a step's templates. Throws TemplateError for a reference with no value. */
export function resolveLeafInput(
  node: LeafNode,
  scope: ValueScope,
  quote: (text: string, before: string) => string,
): ResolvedInput {
  switch (node.kind) {
    case 'agent':
      return {
        prompt: resolveText(node.prompt, scope),
        ...(node.model ? { model: node.model } : {}),
        ...(node.maxSteps !== undefined ? { maxSteps: node.maxSteps } : {}),
        workspace: node.workspace ?? 'run',
      };
    case 'llm':
      return {
        ...(node.model ? { model: node.model } : {}),
        ...(node.system !== undefined ? { system: resolveText(node.system, scope) } : {}),
        prompt: resolveText(node.prompt, scope),
        ...(node.outputSchema ? { outputSchema: node.outputSchema } : {}),
        ...(node.temperature !== undefined ? { temperature: node.temperature } : {}),
        ...(node.maxTokens !== undefined ? { maxTokens: node.maxTokens } : {}),
      };
    case 'tool':
      return {
        tool: node.tool,
        arguments: resolveDeep(node.arguments, scope) as Record<string, unknown>,
        parse: node.parse ?? 'text',
      };
    case 'shell': {
      // Values from templates go into a shell string quoted, so model output cannot add commands.
      // A command that is one reference and nothing else is the command itself (a test command
      // given as an input), written as the workflow's author chose; anywhere else values are quoted.
      const whole = typeof node.command === 'string' && /^\s*\{\{[^{}]+\}\}\s*$/.test(node.command);
      const command =
        typeof node.command === 'string'
          ? { shell: resolveText(node.command, scope, whole ? {} : { quote }) }
          : { argv: node.command.argv.map((a) => resolveText(a, scope)) };
      const env = node.env
        ? Object.fromEntries(Object.entries(node.env).map(([k, v]) => [k, resolveText(v, scope)]))
        : undefined;
      return {
        command,
        ...(node.cwd !== undefined ? { cwd: resolveText(node.cwd, scope) } : {}),
        ...(env ? { env } : {}),
        allowFailure: node.allowFailure ?? false,
        workspace: node.workspace ?? 'run',
      };
    }
    case 'git':
      return {
        op: node.op,
        ...(node.message !== undefined ? { message: resolveText(node.message, scope) } : {}),
        ...(node.branch !== undefined ? { branch: resolveText(node.branch, scope) } : {}),
        ...(node.base !== undefined ? { base: resolveText(node.base, scope) } : {}),
      };
  }
}
