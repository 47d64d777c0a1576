/**
 * The renderer's only door to the backend. In the desktop app it wraps the preload
 * bridge; in browser mode it speaks the same contract over the WebSocket. Features
 * import `api` and get values back, or an `ApiError` with a code to explain.
 */
import type { Api, Bridge } from '../../../shared/ipc/contract';
import type { Envelope, ErrorCode } from '../../../shared/ipc/errors';
import { WS_PATH, type WireMessage } from '../../../shared/ipc/wire';
import { DatabaseDamage } from './database-damage';

/** An error the backend reported, as data; `message` is safe to show. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** Desktop: the preload's named methods, addressed through the contract's own keys. */
function electronTransport(bridge: Bridge): Transport {
  const member = (channel: string): unknown => {
    const [ns, name] = channel.split('.') as [keyof Bridge, string];
    return (bridge[ns] as Record<string, unknown>)[name];
  };
  return {
    invoke: (channel, input) => (member(channel) as (i: unknown) => Promise<Envelope<unknown>>)(input),
    subscribe: (channel, listener) => (member(channel) as (l: (p: unknown) => void) => () => void)(listener),
  };
}

/** Browser mode: one WebSocket, reconnecting with backoff; requests wait for it to open. */
class SocketTransport implements Transport {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Envelope<unknown>) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private queue: string[] = [];
  private retry = 0;
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string) {
    this.connect();
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.setState('open');
      for (const frame of this.queue) socket.send(frame);
      this.queue = [];
    };
    socket.onmessage = (event) => this.receive(String(event.data));
    socket.onclose = () => {
      this.setState('closed');
      // Requests in flight are lost with the socket; answer them rather than hang.
      for (const [id, resolve] of this.pending) {
        resolve({ ok: false, error: { code: 'internal', message: 'The connection to Weft was lost.' } });
        this.pending.delete(id);
      }
      const delay = Math.min(10_000, 250 * 2 ** this.retry++);
      setTimeout(() => {
        this.setState('connecting');
        this.connect();
      }, delay);
    };
  }

  private receive(data: string): void {
    const message = JSON.parse(data) as WireMessage;
    if (message.t === 'evt') {
      for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload);
    } else if (message.id !== null) {
      this.pending.get(message.id)?.(message.reply);
      this.pending.delete(message.id);
    }
  }

  invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    const frame = JSON.stringify({ t: 'req', id, channel, input });
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
      else this.queue.push(frame);
    });
  }

  subscribe(channel: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

/** Set by the first reply that reports Weft's database damaged; the workbench shows it until restart. */
export const databaseDamage = new DatabaseDamage();

/**
 * Builds the value-returning API over any transport. The contract types it; at run time a method
 * is told apart by its argument (an event takes a listener, a request never takes a function), so
 * the page does not load the contract's zod schemas (about half of its script) to paint.
 */
function buildApi(transport: Transport): Api {
  const request = async (channel: string, input?: unknown) => {
    const reply = await transport.invoke(channel, input);
    if (!reply.ok) {
      databaseDamage.note(reply.error);
      throw new ApiError(reply.error.code, reply.error.message);
    }
    return reply.value;
  };
  const method = (channel: string) => (arg?: unknown) =>
    typeof arg === 'function' ? transport.subscribe(channel, arg as (payload: unknown) => void) : request(channel, arg);
  const namespace = (ns: string) => {
    const methods = new Map<string, unknown>();
    // Each method is made once, so it keeps its identity between reads.
    return new Proxy({} as Record<string, unknown>, {
      get: (_, name) => {
        if (typeof name !== 'string') return undefined;
        if (!methods.has(name)) methods.set(name, method(`${ns}.${name}`));
        return methods.get(name);
      },
    });
  };
  const namespaces = new Map<string, Record<string, unknown>>();
  return new Proxy({} as Api, {
    get: (_, ns) => {
      // Not a thenable: `await api` must not look for a `then` namespace.
      if (typeof ns !== 'string' || ns === 'then') return undefined;
      if (!namespaces.has(ns)) namespaces.set(ns, namespace(ns));
      return namespaces.get(ns);
    },
  });
}

const socket =
  window.weft === undefined
    ? new SocketTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`)
    : undefined;

/** The backend, typed by the contract. */
export const api: Api = buildApi(window.weft ? electronTransport(window.weft) : socket!);

// Damage a background write found (a run's journal) reaches the notice without a failed request.
api.app.databaseDamaged(({ message }) => databaseDamage.note({ code: 'db_corrupt', message }));

/** Browser mode's connection state (always open in the desktop app). */
export const connection = {
  get state(): ConnectionState {
    return socket?.state ?? 'open';
  },
  onChange(listener: (state: ConnectionState) => void): () => void {
    return socket?.onState(listener) ?? (() => undefined);
  },
};

/** The real path of a dropped folder, where the host can tell (desktop only). */
export function pathForDroppedFile(file: File): string | null {
  const path = window.weftHost?.pathForFile(file);
  return path ? path : null;
}
