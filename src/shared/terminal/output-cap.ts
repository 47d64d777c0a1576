/** The line inserted where the middle of a long output was dropped. */
export const elisionMarker = (elided: number): string => `\n… [${elided} characters elided by Weft's output cap] …\n`;

/**
 * Keeps the first `headMax` and the last `tailMax` characters of a stream, counting what
 * falls between, so an agent sees how a command started and how it ended without the
 * memory of a runaway log.
 */
export class HeadTailCap {
  private head = '';
  private tail = '';
  private elided = 0;
  private total = 0;

  constructor(
    private readonly headMax: number,
    private readonly tailMax: number,
  ) {}

  push(chunk: string): void {
    this.total += chunk.length;
    const headRoom = this.headMax - this.head.length;
    if (headRoom > 0) {
      this.head += chunk.slice(0, headRoom);
      chunk = chunk.slice(headRoom);
      if (chunk.length === 0) return;
    }
    const joined = this.tail + chunk;
    const overflow = joined.length - this.tailMax;
    if (overflow > 0) {
      this.elided += overflow;
      this.tail = joined.slice(overflow);
    } else {
      this.tail = joined;
    }
  }

  /** Characters seen in all, kept or not. */
  get length(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.elided > 0;
  }

  toString(): string {
    return this.elided > 0 ? this.head + elisionMarker(this.elided) + this.tail : this.head + this.tail;
  }
}
