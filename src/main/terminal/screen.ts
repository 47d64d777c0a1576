import serializeAddon from '@xterm/addon-serialize';
import headless from '@xterm/headless';

// Both packages are CommonJS; named imports fail under Node's ESM loader (tests), defaults work everywhere.
const { Terminal } = headless;
const { SerializeAddon } = serializeAddon;

/** Lines of scrollback main keeps per terminal, so memory stays bounded whatever runs. */
export const SCROLLBACK_LINES = 5000;

/**
 * The screen of one session, kept by a headless xterm in main so any window can be restored
 * from it. Parsing is asynchronous; `pending` says how much is still queued.
 */
export class Screen {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private written = 0;
  private queued = 0;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  /** Queues output; `done` runs once it is part of the screen. */
  write(data: string, done: (chars: number) => void): void {
    this.queued += data.length;
    this.term.write(data, () => {
      this.queued -= data.length;
      this.written += data.length;
      done(data.length);
    });
  }

  /** Characters of output the screen already shows (the snapshot's offset). */
  get parsed(): number {
    return this.written;
  }

  get pending(): number {
    return this.queued;
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  serialize(): string {
    return this.serializer.serialize({ scrollback: SCROLLBACK_LINES });
  }

  /** The visible text, trimmed, for tests and logs. */
  text(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  dispose(): void {
    this.term.dispose();
  }
}
