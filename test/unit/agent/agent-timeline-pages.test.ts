import { describe, expect, it } from 'vitest';
import type { RunEntry } from '../../../src/shared/domain/agent';
import {
  adoptSnapshot,
  appendDelta,
  emptyTimeline,
  upsertEntry,
} from '../../../src/renderer/src/features/agent/timeline';

const assistant = (seq: number, text: string): RunEntry => ({ seq, at: seq, kind: 'assistant', text, step: seq });
const page = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => assistant(from + i, `t${from + i}`));
const seqs = (entries: readonly RunEntry[]) => entries.map((e) => e.seq);

describe('agent timeline read in pages', () => {
  it('puts an earlier page in front of the newest one, each entry once and in order', () => {
    let t = adoptSnapshot(emptyTimeline, page(251, 450));
    t = adoptSnapshot(t, page(51, 250));
    t = adoptSnapshot(t, page(1, 50));
    expect(seqs(t.entries)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
  });

  it('keeps entries that arrived live while an earlier page was read, and text streamed into them', () => {
    let t = adoptSnapshot(emptyTimeline, page(11, 20));
    t = upsertEntry(t, assistant(21, 'Work'));
    t = appendDelta(t, 21, 'ing on it');
    t = appendDelta(t, 22, 'Next');
    t = adoptSnapshot(t, page(1, 10));
    expect(seqs(t.entries)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(t.entries.at(-1)).toMatchObject({ text: 'Working on it' });
    // Streamed text for an entry not seen yet waits for it, whatever page came in between.
    expect(t.orphans).toEqual({ 22: 'Next' });
    t = upsertEntry(t, assistant(22, ''));
    expect(t.entries.at(-1)).toMatchObject({ text: 'Next' });
  });

  it('lets a live copy win over the same entry in a page that overlaps it', () => {
    let t = upsertEntry(emptyTimeline, { ...assistant(5, 'final text'), runCostUsd: 0.1 } as RunEntry);
    t = adoptSnapshot(t, page(1, 5));
    expect(seqs(t.entries)).toEqual([1, 2, 3, 4, 5]);
    expect(t.entries.at(-1)).toMatchObject({ text: 'final text' });
  });
});
