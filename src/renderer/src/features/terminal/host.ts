import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebglAddon } from '@xterm/addon-webgl';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { AckBatcher, sliceFrom, terminalFlow } from '../../../../shared/terminal/flow';
import { api } from '../../lib/api';
import { terminalTheme } from './theme';
import { coalesceViewportSync } from './viewport-sync';

/**
 * The most handed to xterm in one write. xterm parses a write whole before it yields, and the
 * first after a key press at once: 16 K is a few ms on a slow, busy machine (64 K made tasks of 150 ms).
 */
const WRITE_PIECE = 16 * 1024;

let webglVerdict: boolean | undefined;

/**
 * True when WebGL2 runs on a GPU. A software rasteriser (SwiftShader, llvmpipe) draws the
 * WebGL renderer slower than xterm's DOM renderer, so there the DOM renderer is the better choice.
 */
function hardwareWebgl(): boolean {
  if (webglVerdict !== undefined) return webglVerdict;
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const name = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  webglVerdict = gl !== null && !/swiftshader|llvmpipe|softpipe|software/i.test(name);
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return webglVerdict;
}

const isDark = () => document.documentElement.classList.contains('dark');

/**
 * One session's xterm in the renderer. It lives outside React, so switching tabs, splitting
 * or hiding the panel never loses the screen; views attach and detach its element.
 * Output is drawn once per animation frame and acknowledged to main in batches (flow control).
 */
export class TerminalHost {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fitAddon = new FitAddon();
  private readonly element = document.createElement('div');
  private opened = false;
  private queue: string[] = [];
  /** The pending draw: an animation frame id, or a timer id negated (hidden page). */
  private frame = 0;
  /** Output offset the screen has reached; -1 until the snapshot from main is in. */
  private offset = -1;
  private early: { offset: number; data: string }[] = [];
  private readonly acks = new AckBatcher(terminalFlow.ackEvery);
  private disposed = false;
  private cancelViewportSync: (() => void) | undefined;
  /** Characters drawn so far; read by the panel's status line and by tests. */
  drawn = 0;
  renderer: 'webgl' | 'dom' = 'dom';
  /** How xterm's scrollbar follows output: once per frame, or per line where xterm's internals changed. */
  viewportSync: 'frame' | 'line' = 'line';

  constructor(
    readonly id: string,
    readOnly: boolean,
    private readonly openLink: (url: string) => void,
  ) {
    this.element.className = 'h-full w-full';
    this.term = new Terminal({
      fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      scrollback: 5000,
      cursorBlink: !readOnly,
      disableStdin: readOnly,
      allowProposedApi: true,
      theme: terminalTheme(isDark()),
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((event, uri) => (event.preventDefault(), this.openLink(uri))));
    if (!readOnly) this.term.onData((data) => void api.terminal.write({ id, data }).catch(() => undefined));
    void this.restore();
  }

  /** Loads the screen main kept, then applies output that arrived while it was on its way. */
  private async restore(): Promise<void> {
    let snap;
    try {
      snap = await api.terminal.snapshot({ id: this.id });
    } catch {
      return; // Closed meanwhile; the store removes the tab.
    }
    if (this.disposed) return;
    this.term.reset();
    this.term.write(snap.data);
    this.offset = snap.offset;
    for (const { offset, data } of this.early.splice(0)) this.receive(offset, data);
  }

  /** Starts over from main's screen, after output may have been missed (a reconnect). */
  resync(): void {
    this.offset = -1;
    this.early = [];
    this.queue = [];
    void this.restore();
  }

  /** Output from main; `offset` is where it starts in the session's whole output. */
  receive(offset: number, data: string): void {
    if (this.offset < 0) {
      this.early.push({ offset, data });
      return;
    }
    if (offset > this.offset) {
      // Output went missing on the way (the server dropped it for a socket far behind).
      this.resync();
      return;
    }
    const fresh = sliceFrom(offset, data, this.offset);
    if (!fresh) return;
    this.offset = offset + data.length;
    this.queue.push(fresh);
    if (this.frame) return;
    // A hidden page gets no animation frames; a timer keeps output parsed and acknowledged
    // there, or main would pause the program until the page is shown again.
    this.frame = document.hidden
      ? -window.setTimeout(() => this.drawFrame(), 16)
      : requestAnimationFrame(() => this.drawFrame());
  }

  private drawFrame(): void {
    this.frame = 0;
    if (this.disposed) return;
    const pieces = this.queue;
    this.queue = [];
    // One frame's output goes to xterm together, but as pieces of at most WRITE_PIECE: xterm
    // yields to the browser only between writes, so one huge string would block the page.
    let piece = '';
    for (const data of pieces) {
      if (piece.length > 0 && piece.length + data.length > WRITE_PIECE) {
        this.writePiece(piece);
        piece = '';
      }
      piece += data;
    }
    if (piece) this.writePiece(piece);
  }

  private writePiece(data: string): void {
    for (let i = 0; i < data.length; i += WRITE_PIECE) {
      const part = data.slice(i, i + WRITE_PIECE);
      this.term.write(part, () => {
        this.drawn += part.length;
        const ack = this.acks.processed(part.length);
        if (ack > 0) void api.terminal.ack({ id: this.id, chars: ack }).catch(() => undefined);
      });
    }
  }

  /** Shows the terminal inside `container`; the first time, xterm measures and picks its renderer. */
  attach(container: HTMLElement): void {
    container.appendChild(this.element);
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.element);
      this.cancelViewportSync = coalesceViewportSync(this.term);
      if (this.cancelViewportSync) this.viewportSync = 'frame';
      this.loadWebgl();
    }
    this.fit();
  }

  detach(): void {
    this.element.remove();
  }

  private loadWebgl(): void {
    if (!hardwareWebgl()) return;
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        this.renderer = 'dom';
      });
      this.term.loadAddon(webgl);
      this.renderer = 'webgl';
    } catch {
      // No WebGL2 (software rendering, blocked GPU): xterm keeps its DOM renderer.
      this.renderer = 'dom';
    }
  }

  /** Fits the grid to the element and tells main the new size. */
  fit(): void {
    if (!this.opened || !this.element.isConnected || this.element.clientWidth === 0) return;
    const dims = this.fitAddon.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
    const cols = Math.max(2, dims.cols);
    const rows = Math.max(1, dims.rows);
    if (cols === this.term.cols && rows === this.term.rows) return;
    this.term.resize(cols, rows);
    void api.terminal.resize({ id: this.id, cols, rows }).catch(() => undefined);
  }

  setDark(dark: boolean): void {
    this.term.options.theme = terminalTheme(dark);
  }

  focus(): void {
    this.term.focus();
  }

  dispose(): void {
    this.disposed = true;
    if (this.frame > 0) cancelAnimationFrame(this.frame);
    else clearTimeout(-this.frame);
    this.cancelViewportSync?.();
    this.term.dispose();
    this.element.remove();
  }
}
