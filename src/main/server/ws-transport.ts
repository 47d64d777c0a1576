import type { WebSocket } from 'ws';
import { wireRequestSchema, type WireMessage } from '../../shared/ipc/wire';
import type { EventHub } from '../ipc/events';
import type { Router } from '../ipc/router';
import type { Logger } from '../logging/logger';

/**
 * Events a client recovers from by reloading state (a terminal view restores its screen when
 * it sees a gap in the output offsets), so a socket that has fallen far behind skips them
 * rather than queueing them in main's memory without bound.
 */
const droppable = new Set<string>(['terminal.data']);
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * Carries the contract over one WebSocket: request frames go through the same router
 * as Electron IPC, and every event is forwarded to the client.
 */
export function bindSocket(socket: WebSocket, router: Router, events: EventHub, log: Logger): void {
  const send = (message: WireMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = events.subscribe(
    (channel, payload) => {
      if (droppable.has(channel) && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
      send({ t: 'evt', channel, payload });
    },
    { window: true },
  );
  socket.on('close', unsubscribe);
  socket.on('error', (error) => log.warn({ err: error }, 'websocket error'));
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send(badFrame('Binary frames are not part of the protocol.'));
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      send(badFrame('The frame is not JSON.'));
      return;
    }
    const parsed = wireRequestSchema.safeParse(frame);
    if (!parsed.success) {
      const id = typeof (frame as { id?: unknown } | null)?.id === 'number' ? (frame as { id: number }).id : null;
      send({ ...badFrame('The frame is not a request.'), id });
      return;
    }
    const { id, channel, input } = parsed.data;
    void router.dispatch(channel, input, { transport: 'websocket' }).then((reply) => send({ t: 'res', id, reply }));
  });
}

function badFrame(message: string): WireMessage & { t: 'res' } {
  return { t: 'res', id: null, reply: { ok: false, error: { code: 'invalid_input', message } } };
}
