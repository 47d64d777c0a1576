import type { EventChannel, PayloadOf } from '../../shared/ipc/contract';

export type EventListener = (channel: EventChannel, payload: unknown) => void;

/** Fans typed events out from services to every transport that is listening. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** `onListenerError` hears a listener's failure, so one broken window cannot starve the others. */
  constructor(private readonly onListenerError: (error: unknown) => void) {}

  emit<C extends EventChannel>(channel: C, payload: PayloadOf<C>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(channel, payload);
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
