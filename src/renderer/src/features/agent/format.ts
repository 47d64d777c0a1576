// Pure: how agent runs read on screen (labels, numbers, tool names, diff lines, the cost chart).
import type { RunStatus } from '../../../../shared/domain/agent';
import { formatUsd } from '../../../../shared/money';
import type { CostPoint } from './timeline';

export type Tone = 'live' | 'ok' | 'warn' | 'error' | 'muted';

const statuses: Record<RunStatus, { label: string; tone: Tone }> = {
  starting: { label: 'Starting', tone: 'live' },
  running: { label: 'Running', tone: 'live' },
  awaiting_approval: { label: 'Needs approval', tone: 'warn' },
  completed: { label: 'Completed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'error' },
  cancelled: { label: 'Stopped', tone: 'muted' },
  step_limit: { label: 'Step limit reached', tone: 'warn' },
  budget_exceeded: { label: 'Budget used up', tone: 'warn' },
  interrupted: { label: 'Interrupted', tone: 'warn' },
};

/** A status as a word and a colour. */
export function statusInfo(status: RunStatus): { label: string; tone: Tone } {
  return statuses[status];
}

/** Dollars with enough digits that small runs and budgets do not all read $0.00; null when a model has no price. */
export function formatCost(usd: number | null): string {
  return usd === null ? 'no price' : formatUsd(usd);
}

/** Token counts as people read them: 950, 12.3k, 1.2M. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** How long ago, in the largest unit that fits: "just now", "4 min ago", "3 h ago", "2 d ago". */
export function formatAge(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** A tool call's duration: "850 ms", "2.3 s", "1 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}

/** `files__edit` → server `files`, tool `edit`; a name without a server keeps it whole. */
export function splitTool(name: string): { server: string | null; tool: string } {
  const at = name.indexOf('__');
  if (at <= 0) return { server: null, tool: name };
  return { server: name.slice(0, at), tool: name.slice(at + 2) };
}

/** Arguments JSON indented for reading; text that is not JSON is shown as it came. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const summaryKeys = ['command', 'cmd', 'argv', 'args', 'path', 'file', 'pattern', 'query', 'url', 'name'];

/** The one argument that says what a call does (its command or path), for a card's title line. */
export function argumentSummary(argumentsJson: string, max = 80): string {
  let value: unknown;
  try {
    value = JSON.parse(argumentsJson);
  } catch {
    return clip(argumentsJson.replace(/\s+/g, ' '), max);
  }
  if (typeof value !== 'object' || value === null) return clip(String(value), max);
  const record = value as Record<string, unknown>;
  for (const key of summaryKeys) {
    const v = record[key];
    if (typeof v === 'string' && v) return clip(v.replace(/\s+/g, ' '), max);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return clip(v.join(' '), max);
  }
  const first = Object.values(record).find((v) => typeof v === 'string');
  return typeof first === 'string' ? clip(first.replace(/\s+/g, ' '), max) : '';
}

/** Cuts text to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A task's first line, for lists and tab titles. */
export function taskTitle(task: string, max = 60): string {
  const line = task.trim().split('\n')[0] ?? '';
  return clip(line || 'Untitled run', max);
}

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'meta' | 'context';

/** Classifies each line of a unified diff, for colouring; jsdiff's `Index:` and `====` banner lines are dropped. */
export function classifyDiff(diff: string): { kind: DiffLineKind; text: string }[] {
  const lines = diff.split('\n');
  if (lines.at(-1) === '') lines.pop();
  while (lines.length > 0 && (/^=+$/.test(lines[0]!) || lines[0]!.startsWith('Index: '))) lines.shift();
  let inHunk = false;
  return lines.map((text) => {
    if (text.startsWith('@@')) {
      inHunk = true;
      return { kind: 'hunk', text };
    }
    if (!inHunk || text.startsWith('diff --git') || text.startsWith('\\')) {
      if (text.startsWith('diff --git')) inHunk = false;
      return { kind: 'meta', text };
    }
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    return { kind: 'context', text };
  });
}

/** An SVG polyline through the cost points, scaled into width × height (y grows downwards). */
export function sparklinePoints(points: readonly CostPoint[], width: number, height: number): string {
  if (points.length < 2) return '';
  const first = points[0]!.step;
  const span = Math.max(1, points.at(-1)!.step - first);
  const top = Math.max(...points.map((p) => p.costUsd));
  // Free models: a flat line at zero would only look like an underline.
  if (top <= 0) return '';
  return points
    .map((p) => {
      const x = ((p.step - first) / span) * width;
      const y = height - (p.costUsd / top) * height;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A piece of assistant text: prose, or a fenced code block (an unclosed fence runs to the end, as while streaming). */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'code'; lang: string; text: string };

/** Splits assistant text at ``` fences, so code shows as code without rendering any HTML. */
export function splitFences(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  const lines = text.split('\n');
  let prose: string[] = [];
  let code: { lang: string; lines: string[] } | null = null;
  const flushProse = () => {
    const joined = prose.join('\n');
    if (joined.trim()) out.push({ kind: 'text', text: joined.replace(/^\n+|\n+$/g, '') });
    prose = [];
  };
  for (const line of lines) {
    const fence = /^\s*```(\S*)\s*$/.exec(line);
    if (code) {
      if (fence && fence[1] === '') {
        out.push({ kind: 'code', lang: code.lang, text: code.lines.join('\n') });
        code = null;
      } else code.lines.push(line);
    } else if (fence) {
      flushProse();
      code = { lang: fence[1] ?? '', lines: [] };
    } else prose.push(line);
  }
  if (code) out.push({ kind: 'code', lang: code.lang, text: code.lines.join('\n') });
  else flushProse();
  return out;
}

/**
 * Streaming text without the tool calls a model writes as text (the prompt-level protocol),
 * whole or still open: they become tool cards when the step ends, so they are not shown raw
 * in the meantime.
 */
export function withoutTextToolCalls(text: string): string {
  const rest = text.replace(/<tool_call>[\s\S]*?(?:<\/tool_call>|$)/g, '');
  // A tag whose first characters have streamed so far.
  const tag = '<tool_call>';
  for (let k = Math.min(tag.length - 1, rest.length); k > 0; k--)
    if (rest.endsWith(tag.slice(0, k))) return rest.slice(0, -k);
  return rest;
}
