// Pure: keeping a long run inside the model's context window. Old tool output goes first (the
// model has acted on it), then whole old steps; the task and the recent steps always stay.
import type { ChatMessage } from '../models/core/types';

/** Caps text at `max` characters, keeping head and tail around a marker that says what was cut. */
export function truncateOutput(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${cut.toLocaleString('en-US')} characters elided by Weft …]\n${text.slice(text.length - tail)}`;
}

/** A rough token count (4 characters a token), enough to decide when to condense. */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length + 16;
    if (m.role === 'assistant')
      for (const c of m.toolCalls ?? []) chars += c.name.length + JSON.stringify(c.arguments).length;
  }
  return Math.ceil(chars / 4);
}

/** How many of the newest messages are never condensed. */
const KEEP_RECENT = 6;
const CONDENSED_TOOL_CHARS = 300;
const NOTE_TOKENS = 80;

/** What condensing did, for the timeline. */
export interface Condensed {
  readonly messages: ChatMessage[];
  /** Tool results shortened. */
  readonly shortened: number;
  /** Whole steps (an assistant turn and its tool results) dropped. */
  readonly dropped: number;
}

/** Fits `messages` under `limit` estimated tokens; returns them unchanged when they already fit. */
export function condense(messages: readonly ChatMessage[], limit: number): Condensed {
  let out = [...messages];
  if (estimateTokens(out) <= limit) return { messages: out, shortened: 0, dropped: 0 };

  let shortened = 0;
  const recentFrom = Math.max(0, out.length - KEEP_RECENT);
  out = out.map((m, i) => {
    if (i >= recentFrom || m.role !== 'tool' || m.content.length <= CONDENSED_TOOL_CHARS) return m;
    shortened++;
    return {
      ...m,
      content: `${m.content.slice(0, CONDENSED_TOOL_CHARS)}\n[… earlier tool output condensed by Weft: ${m.content.length.toLocaleString('en-US')} characters in all …]`,
    };
  });

  const tools = new Map<string, number>();
  let dropped = 0;
  // Room for the note that says what was dropped.
  while (estimateTokens(out) > limit - NOTE_TOKENS) {
    // The first assistant turn after the first user message, unless it is among the recent ones.
    const start = out.findIndex((m, i) => i > 0 && m.role === 'assistant');
    if (start < 0 || start >= out.length - KEEP_RECENT) break;
    let end = start + 1;
    while (end < out.length && out[end]!.role === 'tool') end++;
    const turn = out[start]!;
    if (turn.role === 'assistant')
      for (const c of turn.toolCalls ?? []) tools.set(c.name, (tools.get(c.name) ?? 0) + 1);
    out.splice(start, end - start);
    dropped++;
  }
  if (dropped > 0 && out[0]?.role === 'user') {
    const summary = [...tools].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
    out[0] = {
      role: 'user',
      content: `${out[0].content}\n\n[Weft condensed ${dropped} earlier step${dropped === 1 ? '' : 's'} to fit the context${summary ? `; they called ${summary}` : ''}. Re-read files you need.]`,
    };
  }
  return { messages: out, shortened, dropped };
}
