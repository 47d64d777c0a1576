import { useEffect, useRef } from 'react';
import { hostFor } from './registry';

/** Shows one session's xterm and keeps its grid fitted to the space it is given. */
export function TerminalView({ id, focused }: { id: string; focused: boolean }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const host = hostFor(id);
    host.attach(container);
    container.dataset.renderer = host.renderer;
    container.dataset.viewportSync = host.viewportSync;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => host.fit());
    });
    observer.observe(container);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      host.detach();
    };
  }, [id]);

  useEffect(() => {
    if (focused) hostFor(id).focus();
  }, [id, focused]);

  return <div ref={box} data-testid="terminal-view" data-session={id} className="h-full w-full overflow-hidden" />;
}
