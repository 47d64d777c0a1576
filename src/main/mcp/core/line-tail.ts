/**
 * The last lines of a stream (a server's stderr), each cut to a sane width, so a server that
 * writes megabytes of logs costs a few kilobytes. Pure.
 */
export class LineTail {
  private lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 40,
    private readonly maxLineLength = 500,
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-this.maxLineLength * 2);
    for (const line of parts) this.lines.push(this.clip(line));
    if (this.lines.length > this.maxLines) this.lines = this.lines.slice(-this.maxLines);
  }

  clear(): void {
    this.lines = [];
    this.partial = '';
  }

  toString(): string {
    const all = this.partial ? [...this.lines, this.clip(this.partial)] : this.lines;
    return all.slice(-this.maxLines).join('\n');
  }

  private clip(line: string): string {
    return line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
  }
}
