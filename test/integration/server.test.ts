import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../../src/shared/ipc/wire';
import { startServer, type Running } from '../helpers/server';

let running: Running;
beforeEach(async () => {
  running = await startServer();
});
afterEach(async () => {
  await running.stop();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: running.server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const origin = () => `http://127.0.0.1:${running.server.port}`;
const cookie = () => `weft_token_${running.server.port}=${running.server.token}`;

/** Opens a WebSocket and resolves with it, or with the HTTP status that refused the upgrade. */
function connect(headers: Record<string, string>, query = ''): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

/** A small client: numbered requests, replies matched by id, events collected. */
function client(ws: WebSocket) {
  const events: { channel: string; payload: unknown }[] = [];
  const waiting = new Map<number, (m: WireMessage) => void>();
  let nextReply: ((m: WireMessage) => void) | undefined;
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as WireMessage;
    if (m.t === 'evt') events.push({ channel: m.channel, payload: m.payload });
    else if (m.id !== null && waiting.has(m.id)) waiting.get(m.id)?.(m);
    else nextReply?.(m);
  });
  let id = 1;
  return {
    events,
    call(channel: string, input?: unknown) {
      const n = id++;
      return new Promise<WireMessage>((resolve) => {
        waiting.set(n, resolve);
        ws.send(JSON.stringify({ t: 'req', id: n, channel, input }));
      });
    },
    raw(frame: string) {
      return new Promise<WireMessage>((resolve) => {
        nextReply = resolve;
        ws.send(frame);
      });
    },
  };
}

describe('browser mode HTTP', () => {
  it('refuses a request without the token', async () => {
    const res = await get('/');
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/access token/);
  });

  it('trades the token in the URL for an HttpOnly cookie and a clean redirect', async () => {
    const res = await get(`/?token=${running.server.token}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain(cookie());
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
  });

  it('serves the renderer with the cookie, under a strict Content-Security-Policy', async () => {
    const res = await get('/', { Cookie: cookie() });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a wrong token, a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: cookie(), Host: `evil.example:${running.server.port}` })).status).toBe(403);
    expect((await get('/', { Cookie: cookie(), Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('does not let a path escape the renderer folder', async () => {
    const res = await get('/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', { Cookie: cookie() });
    expect(res.body).not.toMatch(/root:/);
    expect([200, 404]).toContain(res.status);
  });
});

describe('browser mode WebSocket', () => {
  it('refuses an upgrade without the token', async () => {
    expect(await connect({ Origin: origin() })).toBe(401);
  });

  it('refuses an upgrade from another Origin, even with the token', async () => {
    expect(await connect({ Origin: 'http://evil.example', Cookie: cookie() })).toBe(403);
    expect(await connect({ Cookie: cookie() })).toBe(403);
  });

  it('carries requests and events of the contract', async () => {
    const ws = await connect({ Origin: origin(), Cookie: cookie() });
    expect(ws).toBeInstanceOf(WebSocket);
    const c = client(ws as WebSocket);
    const info = await c.call('app.info');
    expect(info).toMatchObject({ t: 'res', reply: { ok: true, value: { host: 'browser' } } });
    const updated = await c.call('settings.update', { theme: 'dark' });
    expect(updated).toMatchObject({ reply: { ok: true, value: { theme: 'dark' } } });
    await expect
      .poll(() => c.events.find((e) => e.channel === 'settings.changed')?.payload)
      .toMatchObject({ theme: 'dark' });
    (ws as WebSocket).close();
  });

  it('answers malformed frames with invalid_input and keeps serving', async () => {
    const ws = (await connect({ Origin: origin(), Cookie: cookie() })) as WebSocket;
    const c = client(ws);
    for (const frame of ['not json', '{"t":"req"}', '[]', 'null', '{"t":"req","id":-1,"channel":"app.info"}']) {
      expect(await c.raw(frame)).toMatchObject({ reply: { ok: false, error: { code: 'invalid_input' } } });
    }
    expect(await c.call('projects.open', { path: 42 })).toMatchObject({
      reply: { ok: false, error: { code: 'invalid_input' } },
    });
    expect(await c.call('app.info')).toMatchObject({ reply: { ok: true } });
    ws.close();
  });
});

describe('browser mode WebSocket under garbage', () => {
  it('survives 1,000 random malformed frames: every one refused, nothing stored', async () => {
    const ws = (await connect({ Origin: origin(), Cookie: cookie() })) as WebSocket;
    const c = client(ws);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const values: unknown[] = [null, 1, -3, 'x', '', 'a\0b', [], {}, { path: 5 }, { id: '../..' }, { limit: 0 }, true];
    const channels = ['projects.open', 'projects.forget', 'projects.initGit', 'logs.recent', 'settings.update', 'nope'];
    for (let i = 0; i < 1000; i++) {
      const channel = channels[Math.floor(random() * channels.length)]!;
      let input = values[Math.floor(random() * values.length)];
      if (channel === 'settings.update') input = { theme: 'neon', [`k${i}`]: input };
      const reply = await c.call(channel, input);
      expect(reply.t === 'res' && reply.reply.ok).toBe(false);
    }
    expect(await c.call('projects.recent')).toMatchObject({ reply: { ok: true, value: [] } });
    expect(await c.call('settings.get')).toMatchObject({ reply: { ok: true, value: { theme: 'system' } } });
    ws.close();
  });
});
