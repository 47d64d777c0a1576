import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TerminalInfo } from '../../src/shared/domain/terminal';
import type { WireMessage } from '../../src/shared/ipc/wire';
import { startServer, type Running } from '../helpers/server';

let running: Running;
beforeEach(async () => {
  running = await startServer();
});
afterEach(async () => {
  await running.stop();
});

it('queues no more than ~32 MB of terminal output for a client that stops reading; other events still arrive', async () => {
  const { port, token } = running.server;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
    headers: { Origin: `http://127.0.0.1:${port}`, Cookie: `weft_token_${port}=${token}` },
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const received: string[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as WireMessage;
    if (message.t === 'evt') received.push(message.channel);
  });
  // The client stops reading: what the server sends piles up in its socket buffer.
  (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
  const chunk = 'x'.repeat(1_000_000);
  for (let i = 0; i < 100; i++) {
    running.backend.events.emit('terminal.data', { id: 't1', offset: i * chunk.length, data: chunk });
    await new Promise((r) => setImmediate(r));
  }
  const info = { id: 't1', status: 'exited' } as unknown as TerminalInfo;
  running.backend.events.emit('terminal.changed', info);
  (ws as unknown as { _socket: { resume(): void } })._socket.resume();
  await expect.poll(() => received.includes('terminal.changed'), { timeout: 20_000 }).toBe(true);
  const data = received.filter((c) => c === 'terminal.data').length;
  expect(data).toBeGreaterThan(0);
  // 32 MB in ws's queue plus what the kernel buffers hold, far from the 100 MB emitted.
  expect(data).toBeLessThan(60);
  ws.close();
});
