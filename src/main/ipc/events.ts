import type { EventChannel, PayloadOf } from '../../shared/ipc/contract';

export type EventListener = (channel: EventChannel, payload: unknown) => void;

/** Fans typed events out from services to every transport that is listening. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

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

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
