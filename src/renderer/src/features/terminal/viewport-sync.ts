import type { Terminal } from '@xterm/xterm';

interface XtermViewport {
  _sync(ydisp?: number): void;
}

/**
 * xterm 6 brings its scrollbar up to date on every line that scrolls (a DOM write and two
 * timers per line) until the scrollback is full: the first 5000 lines of a flood then cost one
 * task of 300 ms on a slow machine, a visible freeze. This defers those updates to one per
 * animation frame, as xterm 3–5 did (xtermjs/xterm.js#1607). It reaches into xterm's internals,
 * so it checks the shape it expects and leaves xterm alone if that is not there.
 * Returns a function that cancels a pending update (for dispose), or undefined when not applied.
 */
export function coalesceViewportSync(term: Terminal): (() => void) | undefined {
  const viewport = (term as unknown as { _core?: { _viewport?: Partial<XtermViewport> } })._core?._viewport;
  if (!viewport || typeof viewport._sync !== 'function') return undefined;
  const sync = viewport._sync.bind(viewport);
  let frame = 0;
  viewport._sync = (ydisp?: number) => {
    // A position given explicitly (a resize, a buffer switch, a scroll request) applies at once;
    // only the per-line calls, which read the buffer's position when they run, wait for the frame.
    if (ydisp !== undefined) {
      sync(ydisp);
      return;
    }
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      sync();
    });
  };
  return () => {
    cancelAnimationFrame(frame);
    frame = 0;
  };
}
