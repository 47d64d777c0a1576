import type { NodeRunView, NodeStatus } from '../../../../shared/domain/workflow-runs';
import { runKeyPattern } from './model';

/** What a canvas node shows of a run: its own state, or the sum over the items or passes of a body node. */
export interface NodeRunSummary {
  readonly status: NodeStatus;
  readonly durationMs: number | null;
  readonly tokens: number;
  readonly costUsd: number | null;
  /** Items or passes seen (1 for a node at the top). */
  readonly count: number;
  readonly completed: number;
  readonly key: string | null;
  readonly message: string | null;
  readonly error: string | null;
}

// When instances disagree, the most urgent state is the one shown.
const urgency: readonly NodeStatus[] = [
  'waiting',
  'running',
  'retrying',
  'failed',
  'cancelled',
  'pending',
  'completed',
  'skipped',
];

/** The run state of node `id` on the canvas at `level`, or null when the run has not reached it. */
export function summarizeNode(
  nodes: Readonly<Record<string, NodeRunView>>,
  level: readonly string[],
  id: string,
): NodeRunSummary | null {
  const direct = level.length === 0 ? nodes[id] : undefined;
  const matches = direct ? [direct] : level.length === 0 ? [] : collect(nodes, runKeyPattern(level, id));
  if (matches.length === 0) return null;
  let status: NodeStatus = matches[0]!.status;
  let duration = 0;
  let hasDuration = false;
  let tokens = 0;
  let cost = 0;
  let unknownCost = false;
  let completed = 0;
  for (const n of matches) {
    if (urgency.indexOf(n.status) < urgency.indexOf(status)) status = n.status;
    if (n.durationMs !== null) {
      duration += n.durationMs;
      hasDuration = true;
    }
    tokens += n.inputTokens + n.outputTokens;
    // A model without a price makes the sum unknown; steps without a model simply cost nothing.
    if (n.costUsd !== null) cost += n.costUsd;
    else if (n.inputTokens + n.outputTokens > 0) unknownCost = true;
    if (n.status === 'completed') completed++;
  }
  const first = matches[0]!;
  const failed = matches.find((n) => n.status === 'failed');
  return {
    status,
    durationMs: hasDuration ? duration : null,
    tokens,
    costUsd: unknownCost ? null : cost,
    count: matches.length,
    completed,
    key: matches.length === 1 ? first.key : null,
    message: matches.find((n) => n.status === 'waiting')?.message ?? null,
    error: failed?.error?.message ?? null,
  };
}

function collect(nodes: Readonly<Record<string, NodeRunView>>, pattern: RegExp): NodeRunView[] {
  const out: NodeRunView[] = [];
  for (const [key, n] of Object.entries(nodes)) if (pattern.test(key)) out.push(n);
  return out.sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
}

/** 850 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60
    ? `${minutes} min ${String(seconds).padStart(2, '0')} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** $0.0042, $1.25; "–" when a price is unknown. */
export function formatCost(usd: number | null): string {
  if (usd === null) return '–';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatTokens(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
