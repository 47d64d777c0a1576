/** An undo/redo stack of snapshots. Pure: every operation returns a new history. */
export interface History<T> {
  readonly past: readonly T[];
  readonly future: readonly T[];
  /** What the last `record` was about, so a run of edits to one field becomes one undo step. */
  readonly lastKey: string | null;
  readonly lastAt: number;
}

export const emptyHistory = <T>(): History<T> => ({ past: [], future: [], lastKey: null, lastAt: 0 });

/** How many steps back the builder keeps. */
export const HISTORY_LIMIT = 200;
/** Edits to the same field closer together than this are one step. */
export const COALESCE_MS = 1000;

/**
 * Records `before` (the state just before a change) as an undo step and clears redo. With a
 * `key` equal to the previous one and within COALESCE_MS, the earlier step already covers it.
 */
export function record<T>(h: History<T>, before: T, key: string | null = null, now = Date.now()): History<T> {
  if (key !== null && key === h.lastKey && now - h.lastAt < COALESCE_MS) {
    return { ...h, future: [], lastAt: now };
  }
  const past = [...h.past, before];
  return { past: past.slice(-HISTORY_LIMIT), future: [], lastKey: key, lastAt: now };
}

/** Steps back: returns the state to show and the new history, or null when there is nothing to undo. */
export function undo<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  const state = h.past.at(-1);
  if (state === undefined) return null;
  return {
    state,
    history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: null, lastAt: 0 },
  };
}

export function redo<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  const state = h.future[0];
  if (state === undefined) return null;
  return {
    state,
    history: { past: [...h.past, current].slice(-HISTORY_LIMIT), future: h.future.slice(1), lastKey: null, lastAt: 0 },
  };
}
