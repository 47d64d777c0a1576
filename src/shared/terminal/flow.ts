/**
 * Output flow control, as xterm.js documents it: count what was handed to a slower consumer
 * and not yet confirmed; above `high` the producer pauses, and it resumes only once the
 * consumer has caught up below `low`, so it does not flap at the boundary.
 */
export class Watermark {
  private pending = 0;
  private isPaused = false;

  constructor(
    readonly high: number,
    readonly low: number,
  ) {
    if (low >= high) throw new Error('the low watermark must be below the high one');
  }

  /** Records `n` more units in flight; true when the producer should pause now. */
  add(n: number): boolean {
    this.pending += n;
    if (!this.isPaused && this.pending > this.high) {
      this.isPaused = true;
      return true;
    }
    return false;
  }

  /** Records `n` units confirmed; true when the producer may resume now. */
  release(n: number): boolean {
    this.pending = Math.max(0, this.pending - n);
    if (this.isPaused && this.pending < this.low) {
      this.isPaused = false;
      return true;
    }
    return false;
  }

  /** Forgets everything in flight (the consumer went away or started over). */
  reset(): boolean {
    this.pending = 0;
    if (!this.isPaused) return false;
    this.isPaused = false;
    return true;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get inFlight(): number {
    return this.pending;
  }
}

/** Sums what a consumer has processed and says when to confirm it, so acks stay few and large. */
export class AckBatcher {
  private unacked = 0;

  constructor(private readonly every: number) {}

  /** Returns the amount to acknowledge now, or 0 while below the batch size. */
  processed(n: number): number {
    this.unacked += n;
    if (this.unacked < this.every) return 0;
    const out = this.unacked;
    this.unacked = 0;
    return out;
  }
}

/** Defaults shared by main and the renderer (characters of terminal output). */
export const terminalFlow = {
  /** Pause the pty when this much output has not yet been drawn by the renderer. */
  high: 4_000_000,
  /** Resume it when the renderer is this close to caught up. */
  low: 3_000_000,
  /** The renderer acknowledges drawn output in batches of this size. */
  ackEvery: 131_072,
} as const;

/**
 * The part of a chunk that starts at or after `from`, given the chunk began at `offset`
 * in the session's output; used to drop what a restored snapshot already contains.
 */
export function sliceFrom(offset: number, data: string, from: number): string {
  if (offset >= from) return data;
  const skip = from - offset;
  return skip >= data.length ? '' : data.slice(skip);
}
