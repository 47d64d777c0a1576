import type { TerminalInfo } from '../../shared/domain/terminal';
import type { ErrorData } from '../../shared/ipc/errors';
import { terminalFlow, Watermark } from '../../shared/terminal/flow';
import { Screen } from './screen';

/** Where a session's output and state changes go (the event hub, in the composition root). */
export interface SessionSink {
  data(id: string, offset: number, data: string): void;
  changed(info: TerminalInfo): void;
}

/** What produces a session's output: a pty, or a command-runner run. */
export interface Producer {
  pause(): void;
  resume(): void;
  write?(data: string): void;
  resize?(cols: number, rows: number): void;
  kill(): void;
}

/** Output is coalesced this long before it becomes an event, so a flood is few large frames. */
const COALESCE_MS = 4;
const COALESCE_MAX = 256 * 1024;
/** With no acknowledgement for this long the renderer is assumed gone, and output flows again. */
const STALL_MS = 5000;

/**
 * One terminal tab in main: its screen, its output offsets and its flow control. Output is
 * held back from the producer (the pty is paused) while the renderer has more than the high
 * watermark undrawn, or the headless screen has that much unparsed.
 */
export class TerminalSession {
  readonly screen: Screen;
  private offset = 0;
  private pendingOut = '';
  private flushTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly client = new Watermark(terminalFlow.high, terminalFlow.low);
  private readonly parse = new Watermark(terminalFlow.high, terminalFlow.low);
  private producer: Producer | undefined;
  private producerPaused = false;
  private disposed = false;
  private acked = 0;

  constructor(
    private current: TerminalInfo,
    private readonly sink: SessionSink,
  ) {
    this.screen = new Screen(current.cols, current.rows);
  }

  get info(): TerminalInfo {
    return this.current;
  }

  get id(): string {
    return this.current.id;
  }

  update(patch: Partial<TerminalInfo>): TerminalInfo {
    this.current = { ...this.current, ...patch };
    if (!this.disposed) this.sink.changed(this.current);
    return this.current;
  }

  setProducer(producer: Producer | undefined): void {
    this.producer = producer;
    this.producerPaused = false;
    this.client.reset();
    // The screen may still be behind from the previous process; a new one waits for it too.
    this.updateFlow();
  }

  get hasProducer(): boolean {
    return this.producer !== undefined;
  }

  /** False once the tab was restarted: a late exit of the old process must not touch the new one. */
  isCurrent(producer: Producer): boolean {
    return this.producer === producer;
  }

  /** Output from the producer, or a message from Weft itself. */
  output(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.pendingOut += data;
    if (this.pendingOut.length >= COALESCE_MAX) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const data = this.pendingOut;
    if (data.length === 0 || this.disposed) return;
    this.pendingOut = '';
    const at = this.offset;
    this.offset += data.length;
    this.sink.data(this.id, at, data);
    this.parse.add(data.length);
    this.screen.write(data, (chars) => {
      if (this.parse.release(chars)) this.updateFlow();
    });
    if (this.client.add(data.length)) {
      this.updateFlow();
      this.armStall();
    }
  }

  /** The renderer drew `chars` more characters. */
  ack(chars: number): void {
    this.acked += chars;
    if (this.client.paused) this.armStall();
    if (this.client.release(chars)) this.updateFlow();
  }

  /** Output counters: produced, drawn by a renderer (acknowledged), and parsed by the screen. */
  get stats(): { emitted: number; acked: number; parsed: number } {
    return { emitted: this.offset, acked: this.acked, parsed: this.screen.parsed };
  }

  /** A view attaches: it gets the screen so far and starts its own count from there. */
  async snapshot(): Promise<{ data: string; offset: number }> {
    // Everything emitted so far goes to the screen first, so the snapshot reaches at least as
    // far as any event a view has seen: the view's stream continues exactly where it ends.
    this.flush();
    const snap = await this.screen.serialize();
    // Whatever was in flight to an earlier view no longer needs its acknowledgement.
    if (this.client.reset()) this.updateFlow();
    return snap;
  }

  write(data: string): void {
    this.producer?.write?.(data);
  }

  resize(cols: number, rows: number): void {
    this.screen.resize(cols, rows);
    this.producer?.resize?.(cols, rows);
    this.update({ cols, rows });
  }

  kill(): void {
    this.producer?.kill();
  }

  /** Shows a line from Weft (not the program) in the tab, dimmed so it reads as an annotation. */
  notice(message: string, tone: 'info' | 'error' = 'info'): void {
    const colour = tone === 'error' ? '\x1b[31m' : '\x1b[2m';
    this.output(`\r\n${colour}${message.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
  }

  fail(error: ErrorData): void {
    this.notice(error.message, 'error');
    this.update({ status: 'failed', error, pid: null });
  }

  private armStall(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      if (this.client.reset()) this.updateFlow();
    }, STALL_MS);
  }

  private updateFlow(): void {
    const shouldPause = this.client.paused || this.parse.paused;
    if (!this.client.paused) clearTimeout(this.stallTimer);
    if (shouldPause === this.producerPaused || !this.producer) return;
    this.producerPaused = shouldPause;
    if (shouldPause) this.producer.pause();
    else this.producer.resume();
  }

  dispose(): void {
    this.pendingOut = '';
    this.disposed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.stallTimer);
    this.producer?.kill();
    this.producer = undefined;
    this.screen.dispose();
  }
}
