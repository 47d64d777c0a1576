import type { EventChannel, PayloadOf } from '../../shared/ipc/contract';

export type EventListener = (channel: EventChannel, payload: unknown) => void;

/** Fans typed events out from services to every transport that is listening. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private windowCount = 0;

  /** `onListenerError` hears a listener's failure, so one broken window cannot starve the others. */
  /** `scrub` runs once per event before any listener, so no transport sees a secret. */
  constructor(
    private readonly onListenerError: (error: unknown) => void,
    private readonly scrub?: (channel: string, payload: unknown) => unknown,
  ) {}

  emit<C extends EventChannel>(channel: C, payload: PayloadOf<C>): void {
    const outbound = this.scrub && this.listeners.size > 0 ? this.scrub(channel, payload) : payload;
    for (const listener of [...this.listeners]) {
      try {
        listener(channel, outbound);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** `window`: the listener is a window (a desktop window, a browser-mode socket), not a service. */
  subscribe(listener: EventListener, options: { window?: boolean } = {}): () => void {
    this.listeners.add(listener);
    if (options.window) this.windowCount++;
    let subscribed = true;
    return () => {
      if (subscribed && options.window) this.windowCount--;
      subscribed = false;
      this.listeners.delete(listener);
    };
  }

  /** How many windows are listening; work done only for a UI can stop when there is none. */
  windows(): number {
    return this.windowCount;
  }

  dispose(): void {
    this.listeners.clear();
    this.windowCount = 0;
  }
}
