import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { screenWorkerSource } from './screen-worker-source';

/** Lines of scrollback main keeps per terminal, so memory stays bounded whatever runs. */
export const SCROLLBACK_LINES = 5000;

type Reply =
  | { t: 'parsed'; chars: number }
  | { t: 'serialized'; req: number; data: string; offset: number }
  | { t: 'text'; req: number; text: string };

// The built app is CommonJS (__filename); Vite's loader (benchmarks, test children) is ESM.
const here = typeof __filename === 'string' ? __filename : import.meta.url;
const resolvePackage = (name: string) => createRequire(here).resolve(name);

/**
 * The screen of one session, kept by a headless xterm so any window can be restored from it.
 * The xterm runs in a worker thread: parsing a flood of output there leaves main's event loop
 * free to drain the pty, whose kernel buffer is small, and to answer requests.
 */
export class Screen {
  private readonly worker: Worker;
  private readonly pendingDone: ((chars: number) => void)[] = [];
  private readonly requests = new Map<number, (reply: Reply) => void>();
  private nextReq = 1;
  private written = 0;
  private dead: Error | undefined;

  constructor(cols: number, rows: number, onError: (error: Error) => void = () => undefined) {
    this.worker = new Worker(screenWorkerSource, {
      eval: true,
      workerData: {
        cols,
        rows,
        scrollback: SCROLLBACK_LINES,
        headless: resolvePackage('@xterm/headless'),
        serialize: resolvePackage('@xterm/addon-serialize'),
      },
    });
    // A terminal's screen must never keep the process alive on its own.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      if (reply.t === 'parsed') {
        this.written += reply.chars;
        this.pendingDone.shift()?.(reply.chars);
      } else {
        this.requests.get(reply.req)?.(reply);
        this.requests.delete(reply.req);
      }
    });
    this.worker.on('error', (error) => {
      this.dead = error;
      onError(error);
      // Nothing more will be parsed; let flow control and pending snapshots move on.
      for (const done of this.pendingDone.splice(0)) done(0);
      for (const resolve of this.requests.values()) resolve({ t: 'text', req: 0, text: '' });
      this.requests.clear();
    });
  }

  /** Queues output; `done` runs once it is part of the screen. */
  write(data: string, done: (chars: number) => void): void {
    if (this.dead) {
      done(data.length);
      return;
    }
    this.pendingDone.push(done);
    this.worker.postMessage({ t: 'write', data });
  }

  /** Characters of output the screen already shows. */
  get parsed(): number {
    return this.written;
  }

  resize(cols: number, rows: number): void {
    if (!this.dead) this.worker.postMessage({ t: 'resize', cols, rows });
  }

  /** The screen and scrollback as escape sequences, and the output offset they reach. */
  async serialize(): Promise<{ data: string; offset: number }> {
    const reply = await this.ask('serialize');
    return reply.t === 'serialized' ? { data: reply.data, offset: reply.offset } : { data: '', offset: this.written };
  }

  private ask(t: 'serialize'): Promise<Reply> {
    if (this.dead) return Promise.resolve({ t: 'text', req: 0, text: '' });
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.requests.set(req, resolve);
      this.worker.postMessage({ t, req });
    });
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
