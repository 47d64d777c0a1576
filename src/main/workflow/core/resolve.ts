import { scanShell } from '../../../shared/shell-quotes';
import type { ValueScope } from '../../../shared/workflow/scope';
import type { LeafNode } from '../../../shared/workflow/schema';
import { stepKinds } from '../../../shared/workflow/kinds';
import type { ExecutorKind } from '../../../shared/workflow/kinds/kind';
import { TemplateError } from '../../../shared/workflow/template';
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

/** Fills in a step's templates, as its kind declares. Throws TemplateError for a reference with no value. */
export function resolveLeafInput(
  node: LeafNode,
  scope: ValueScope,
  quote: (text: string, before: string) => string,
): ResolvedInput {
  // The kind's entry takes its own node; TypeScript cannot tie the union's member to it.
  const kind: ExecutorKind = stepKinds[node.kind];
  return kind.resolve(node, scope, quote) as ResolvedInput;
}
