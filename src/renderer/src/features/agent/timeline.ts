// Pure: keeps a run's timeline ordered by seq and folds streamed text into it without losing any.
import type { RunEntry } from '../../../../shared/domain/agent';

/** A run's entries in seq order, and streamed text whose entry has not arrived yet. */
export interface Timeline {
  readonly entries: readonly RunEntry[];
  /** Deltas for a seq the timeline does not hold yet, joined in arrival order. */
  readonly orphans: Readonly<Record<number, string>>;
}

export const emptyTimeline: Timeline = { entries: [], orphans: {} };

/** Index of the entry with `seq`, or where it would go (binary search; entries are sorted). */
function locate(entries: readonly RunEntry[], seq: number): { index: number; found: boolean } {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = entries[mid]!.seq;
    if (at === seq) return { index: mid, found: true };
    if (at < seq) lo = mid + 1;
    else hi = mid;
  }
  return { index: lo, found: false };
}

/**
 * Appends `extra` to `base`, dropping the part of `extra` that `base` already ends with. Text
 * streamed while a snapshot was being read can be both in the snapshot and in the deltas.
 */
export function joinStreamed(base: string, extra: string): string {
  for (let k = Math.min(base.length, extra.length); k > 0; k--) {
    if (base.endsWith(extra.slice(0, k))) return base + extra.slice(k);
  }
  return base + extra;
}

/**
 * The entry to keep when `incoming` replaces `current` (same seq). The backend's entry wins,
 * except that assistant text already streamed further than a stale copy is never cut back. A
 * finished step's entry (it carries the run's cost) is final: its text may be shorter than what
 * streamed, because tool calls written as text were taken out of it.
 */
export function mergeEntry(current: RunEntry | undefined, incoming: RunEntry): RunEntry {
  if (current?.kind === 'assistant' && incoming.kind === 'assistant' && !isFinal(incoming)) {
    if (current.text.length > incoming.text.length && current.text.startsWith(incoming.text)) {
      return { ...incoming, text: current.text };
    }
  }
  return incoming;
}

/** Adds or replaces one entry; text streamed before the entry arrived is folded in. */
export function upsertEntry(timeline: Timeline, incoming: RunEntry): Timeline {
  let entry = incoming;
  let orphans = timeline.orphans;
  const pending = orphans[incoming.seq];
  if (pending !== undefined) {
    const { [incoming.seq]: _used, ...rest } = orphans;
    orphans = rest;
    if (entry.kind === 'assistant') entry = { ...entry, text: joinStreamed(entry.text, pending) };
  }
  const { index, found } = locate(timeline.entries, entry.seq);
  const entries = timeline.entries.slice();
  if (found) entries[index] = mergeEntry(entries[index], entry);
  else entries.splice(index, 0, entry);
  return { entries, orphans };
}

/** Appends streamed text to the assistant entry `seq`, or keeps it until that entry arrives. */
export function appendDelta(timeline: Timeline, seq: number, text: string): Timeline {
  if (text === '') return timeline;
  const { index, found } = locate(timeline.entries, seq);
  const target = found ? timeline.entries[index] : undefined;
  if (target?.kind === 'assistant') {
    const entries = timeline.entries.slice();
    entries[index] = { ...target, text: target.text + text };
    return { entries, orphans: timeline.orphans };
  }
  if (target) return timeline;
  return { entries: timeline.entries, orphans: { ...timeline.orphans, [seq]: (timeline.orphans[seq] ?? '') + text } };
}

/**
 * Folds entries read from the backend into what arrived through events meanwhile: every read
 * entry is merged with the live copy, so neither source loses text. The read entries may be the
 * newest page (a run being opened) or an earlier one (the user scrolling back): entries the
 * timeline holds outside the page are kept. One pass over both sorted lists.
 */
export function adoptSnapshot(live: Timeline, snapshot: readonly RunEntry[]): Timeline {
  let orphans = live.orphans;
  const read = snapshot.map((entry) => {
    const pending = orphans[entry.seq];
    if (pending === undefined) return entry;
    const { [entry.seq]: _used, ...rest } = orphans;
    orphans = rest;
    return entry.kind === 'assistant' ? { ...entry, text: joinStreamed(entry.text, pending) } : entry;
  });
  const entries: RunEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < read.length || j < live.entries.length) {
    const held = read[i];
    const entry = live.entries[j];
    if (entry === undefined || (held !== undefined && held.seq < entry.seq)) {
      entries.push(held!);
      i++;
    } else if (held === undefined || entry.seq < held.seq) {
      entries.push(entry);
      j++;
    } else {
      // An event newer than the read (e.g. a tool call that finished meanwhile) replaces it.
      entries.push(entry.kind === 'assistant' && held.kind === 'assistant' ? longerText(held, entry) : entry);
      i++;
      j++;
    }
  }
  return { entries, orphans };
}

type AssistantEntry = Extract<RunEntry, { kind: 'assistant' }>;

/** A finished step's assistant entry: the backend's last word on its text. */
function isFinal(entry: AssistantEntry): boolean {
  return entry.runCostUsd !== undefined;
}

function longerText(a: AssistantEntry, b: AssistantEntry): AssistantEntry {
  if (isFinal(b)) return b;
  if (isFinal(a)) return a;
  if (b.text.startsWith(a.text)) return b;
  if (a.text.startsWith(b.text)) return a;
  return { ...b, text: joinStreamed(a.text, b.text) };
}

/** One point of the cost chart: the run's cost after a step. */
export interface CostPoint {
  readonly step: number;
  readonly costUsd: number;
}

/** Records the cost reached at a step; later reports for the same step replace earlier ones. */
export function addCostPoint(points: readonly CostPoint[], step: number, costUsd: number | null): CostPoint[] {
  if (costUsd === null) return points.slice();
  const rest = points.filter((p) => p.step !== step);
  return [...rest, { step, costUsd }].sort((a, b) => a.step - b.step).slice(-200);
}

/** The cost after each step, as the journal recorded it, merged into what was watched live. */
export function costFromEntries(points: readonly CostPoint[], entries: readonly RunEntry[]): CostPoint[] {
  let out = points.slice();
  for (const e of entries)
    if (e.kind === 'assistant' && e.runCostUsd !== undefined) out = addCostPoint(out, e.step, e.runCostUsd);
  return out;
}

/**
 * For each checkpoint, the checkpoint its commit was made on top of (null: the run's start),
 * following the branch through rollbacks and undone rollbacks; the base of its "View diff".
 */
export function checkpointParents(entries: readonly RunEntry[]): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  const byCommit = new Map<string, string>();
  let head: string | null = null;
  for (const e of entries) {
    if (e.kind === 'checkpoint') {
      parents.set(e.checkpointId, head);
      byCommit.set(e.commit, e.checkpointId);
      head = e.checkpointId;
    } else if (e.kind === 'rollback') {
      head = e.undone ? (byCommit.get(e.fromCommit) ?? head) : e.checkpointId;
    }
  }
  return parents;
}
