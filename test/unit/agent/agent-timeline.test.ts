import { describe, expect, it } from 'vitest';
import type { RunEntry } from '../../../src/shared/domain/agent';
import {
  costFromEntries,
  addCostPoint,
  adoptSnapshot,
  appendDelta,
  checkpointParents,
  emptyTimeline,
  joinStreamed,
  upsertEntry,
  type Timeline,
} from '../../../src/renderer/src/features/agent/timeline';

const assistant = (seq: number, text: string): RunEntry => ({ seq, at: seq, kind: 'assistant', text, step: 1 });
const user = (seq: number, text: string): RunEntry => ({ seq, at: seq, kind: 'user', text });
const tool = (seq: number, state: 'running' | 'done'): RunEntry => ({
  seq,
  at: seq,
  kind: 'tool',
  callId: 'c1',
  tool: 'shell__run',
  arguments: '{"command":"ls"}',
  state,
  result: state === 'done' ? 'a\nb' : null,
  durationMs: state === 'done' ? 12 : null,
});
const texts = (t: Timeline) => t.entries.map((e) => (e.kind === 'assistant' || e.kind === 'user' ? e.text : e.kind));

describe('agent timeline', () => {
  it('keeps entries in seq order whatever order they arrive in, and replaces an entry with the same seq', () => {
    let t = emptyTimeline;
    t = upsertEntry(t, assistant(3, 'third'));
    t = upsertEntry(t, user(1, 'first'));
    t = upsertEntry(t, tool(2, 'running'));
    t = upsertEntry(t, tool(2, 'done'));
    expect(t.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(t.entries[1]).toMatchObject({ state: 'done', result: 'a\nb' });
  });

  it('appends streamed text to its assistant entry', () => {
    let t = upsertEntry(emptyTimeline, assistant(1, ''));
    for (const piece of ['Hel', 'lo, ', 'world']) t = appendDelta(t, 1, piece);
    expect(texts(t)).toEqual(['Hello, world']);
  });

  it('keeps text streamed before its entry arrives and adds it to the entry', () => {
    let t = appendDelta(emptyTimeline, 4, 'Looking at ');
    t = appendDelta(t, 4, 'the tests.');
    expect(t.entries).toEqual([]);
    t = upsertEntry(t, assistant(4, ''));
    expect(texts(t)).toEqual(['Looking at the tests.']);
    expect(t.orphans).toEqual({});
  });

  it('does not cut streamed text back when a stale copy of the entry arrives, but takes the final text', () => {
    let t = upsertEntry(emptyTimeline, assistant(1, ''));
    t = appendDelta(t, 1, 'Partial answer');
    t = upsertEntry(t, assistant(1, 'Partial'));
    expect(texts(t)).toEqual(['Partial answer']);
    t = upsertEntry(t, assistant(1, 'Final, corrected answer.'));
    expect(texts(t)).toEqual(['Final, corrected answer.']);
  });

  it('takes a finished step’s text even when it is shorter than what streamed (a tool call written as text)', () => {
    const streamed = 'Reading.\n<tool_call>{"name":"files__read","arguments":{}}</tool_call>';
    let t = upsertEntry(emptyTimeline, assistant(1, ''));
    t = appendDelta(t, 1, streamed);
    const final: RunEntry = { seq: 1, at: 1, kind: 'assistant', text: 'Reading.', step: 1, runCostUsd: 0 };
    expect(texts(upsertEntry(t, final))).toEqual(['Reading.']);
    // The same when a snapshot holds the final entry and the live copy the streamed one, either way round.
    expect(texts(adoptSnapshot(t, [final]))).toEqual(['Reading.']);
    expect(texts(adoptSnapshot(upsertEntry(emptyTimeline, final), [assistant(1, streamed)]))).toEqual(['Reading.']);
  });

  it('merges a snapshot with events that arrived while it was read, without doubling text', () => {
    // The snapshot was taken after "Hello" streamed; the deltas "lo" and " there" arrived meanwhile.
    let live = appendDelta(emptyTimeline, 2, 'lo');
    live = appendDelta(live, 2, ' there');
    live = upsertEntry(live, tool(3, 'done'));
    const merged = adoptSnapshot(live, [user(1, 'task'), assistant(2, 'Hello'), tool(3, 'running')]);
    expect(texts(merged)).toEqual(['task', 'Hello there', 'tool']);
    expect(merged.entries[2]).toMatchObject({ state: 'done' });
  });

  it('joins overlapping stream pieces once', () => {
    expect(joinStreamed('abc', 'cde')).toBe('abcde');
    expect(joinStreamed('abc', 'xyz')).toBe('abcxyz');
    expect(joinStreamed('', 'xyz')).toBe('xyz');
  });

  it('records the cost per step, latest report winning', () => {
    let points = addCostPoint([], 1, 0.01);
    points = addCostPoint(points, 2, 0.03);
    points = addCostPoint(points, 2, 0.04);
    points = addCostPoint(points, 3, null);
    expect(points).toEqual([
      { step: 1, costUsd: 0.01 },
      { step: 2, costUsd: 0.04 },
    ]);
  });
});

describe('checkpoint parents', () => {
  const checkpoint = (seq: number, id: string, commit: string): RunEntry => ({
    seq,
    at: seq,
    kind: 'checkpoint',
    checkpointId: id,
    step: seq,
    commit,
    message: `step ${seq}`,
    files: [],
  });
  const rollback = (seq: number, to: string | null, fromCommit: string, undone: boolean): RunEntry => ({
    seq,
    at: seq,
    kind: 'rollback',
    checkpointId: to,
    fromCommit,
    undone,
  });

  it('diffs each checkpoint against the one the branch pointed at, through rollbacks', () => {
    const parents = checkpointParents([
      checkpoint(1, 'c1', 'aaa'),
      checkpoint(2, 'c2', 'bbb'),
      rollback(3, 'c1', 'bbb', false),
      checkpoint(4, 'c3', 'ccc'),
      rollback(5, null, 'ccc', true),
      checkpoint(6, 'c4', 'ddd'),
    ]);
    expect(Object.fromEntries(parents)).toEqual({ c1: null, c2: 'c1', c3: 'c1', c4: 'c3' });
  });
});

describe('cost chart from the journal', () => {
  it('rebuilds the cost after each step from assistant entries, keeping live points for other steps', () => {
    const entries: RunEntry[] = [
      { seq: 1, at: 1, kind: 'user', text: 'go' },
      { seq: 2, at: 2, kind: 'assistant', text: 'a', step: 1, runCostUsd: 0.1 },
      { seq: 3, at: 3, kind: 'assistant', text: 'b', step: 2, runCostUsd: 0.25 },
      { seq: 4, at: 4, kind: 'assistant', text: 'streaming', step: 3 },
    ];
    expect(costFromEntries([{ step: 3, costUsd: 0.3 }], entries)).toEqual([
      { step: 1, costUsd: 0.1 },
      { step: 2, costUsd: 0.25 },
      { step: 3, costUsd: 0.3 },
    ]);
  });
});
