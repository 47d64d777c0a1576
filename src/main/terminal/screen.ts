import * as serializeModule from '@xterm/addon-serialize';
import * as headlessModule from '@xterm/headless';

/**
 * Both packages are webpack CommonJS bundles flagged `__esModule`: loaded as CommonJS (the
 * built app, tsx) the namespace holds the classes; under Node's ESM loader (vitest) only
 * `default` does. Accept either shape.
 */
function cjs<T extends object>(ns: T, key: keyof T): T {
  return key in ns && ns[key] !== undefined ? ns : (ns as unknown as { default: T }).default;
}
const { Terminal } = cjs(headlessModule, 'Terminal');
const { SerializeAddon } = cjs(serializeModule, 'SerializeAddon');

/** Characters parsed per event-loop turn; ~0.3 ms of work. */
const PARSE_SLICE = 16 * 1024;

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
  private backlog: { data: string; done: ((chars: number) => void) | null }[] = [];
  private parsing = false;
  private sliceDone = 0;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  /** Queues output; `done` runs once it is part of the screen. */
  write(data: string, done: (chars: number) => void): void {
    this.queued += data.length;
    for (let i = 0; i < data.length; i += PARSE_SLICE) {
      this.backlog.push({ data: data.slice(i, i + PARSE_SLICE), done: i + PARSE_SLICE >= data.length ? done : null });
    }
    if (!this.parsing) this.parseNext();
  }

  /**
   * Hands xterm one small slice at a time. Given a large backlog, xterm parses for ~12 ms per
   * turn of the event loop; meanwhile the pty's small kernel buffer fills and the program
   * stalls. Short turns keep the pty drained, so parsing the screen costs little throughput.
   */
  private parseNext(): void {
    const next = this.backlog.shift();
    if (!next) {
      this.parsing = false;
      return;
    }
    this.parsing = true;
    this.term.write(next.data, () => {
      this.queued -= next.data.length;
      this.written += next.data.length;
      this.sliceDone += next.data.length;
      if (next.done) {
        next.done(this.sliceDone);
        this.sliceDone = 0;
      }
      setImmediate(() => this.parseNext());
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
