import type { EventChannel, PayloadOf } from '../../shared/ipc/contract';

/** A transport's listener: it forwards every channel, so it sees the payload as data. */
export type EventListener = (channel: EventChannel, payload: unknown) => void;

/** A service's listener for one channel, typed by that channel's payload. */
export type ChannelListener<C extends EventChannel> = (payload: PayloadOf<C>) => void;

/** Fans typed events out from services to every transport that is listening. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  /** Services' listeners by channel; they hear the payload as emitted, before any scrubbing. */
  private readonly channelListeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private windowCount = 0;

  /** `onListenerError` hears a listener's failure, so one broken window cannot starve the others. */
  /** `scrub` runs once per event before any transport's listener, so no transport sees a secret. */
  constructor(
    private readonly onListenerError: (error: unknown) => void,
    private readonly scrub?: (channel: string, payload: unknown) => unknown,
  ) {}

  emit<C extends EventChannel>(channel: C, payload: PayloadOf<C>): void {
    const typed = this.channelListeners.get(channel);
    // The scrub keeps state across a stream's pieces (agent.delta): it sees every event while
    // anyone listens, as it did when services listened through `subscribe`.
    const outbound =
      this.scrub && (this.listeners.size > 0 || this.channelListeners.size > 0)
        ? this.scrub(channel, payload)
        : payload;
    for (const listener of [...(typed ?? [])]) this.deliver(() => listener(payload));
    for (const listener of [...this.listeners]) this.deliver(() => listener(channel, outbound));
  }

  /**
   * Hears one channel with its payload typed: for services inside this process, which get the
   * payload as it was emitted. Returns the unsubscribe.
   */
  on<C extends EventChannel>(channel: C, listener: ChannelListener<C>): () => void {
    let set = this.channelListeners.get(channel);
    if (!set) this.channelListeners.set(channel, (set = new Set()));
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => {
      const current = this.channelListeners.get(channel);
      if (!current?.delete(entry) || current.size > 0) return;
      this.channelListeners.delete(channel);
    };
  }

  /**
   * Hears every channel, scrubbed: for transports (a desktop window, a browser-mode socket).
   * `window`: the listener is a window, counted by `windows()`.
   */
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
    this.channelListeners.clear();
    this.windowCount = 0;
  }

  private deliver(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
