import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../shared/ipc/wire';
import type { Backend } from '../index';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { allowedHostsFor, checkRequest, cookieName, newToken } from './auth';
import { serveStatic } from './static-files';
import { bindSocket } from './ws-transport';

export interface ServeOptions {
  readonly backend: Backend;
  /** The built renderer (`out/renderer`). */
  readonly staticDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token (tests); a random one otherwise. */
  readonly token?: string;
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Browser mode: the renderer over HTTP and the contract over a WebSocket, behind a token. */
export class WeftServer {
  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
    readonly token: string,
    readonly port: number,
  ) {}

  /** The URL to open, token included; print it, never log it. */
  get urlWithToken(): string {
    return `${this.url}/?token=${this.token}`;
  }

  static async start(options: ServeOptions): Promise<WeftServer> {
    const host = options.host ?? '127.0.0.1';
    const token = options.token ?? newToken();
    const { backend } = options;
    const log = backend.logs.logger;
    backend.logs.registerSecret(token);
    const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    wss.on('connection', (socket) => bindSocket(socket, backend.router, backend.events, log));

    let port = options.port ?? 0;
    const http = createServer();
    const verdictFor = (req: IncomingMessage, requireOrigin: boolean) =>
      checkRequest(req, { allowedHosts: allowedHostsFor(host, port), token, port, requireOrigin });

    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      const verdict = verdictFor(req, false);
      if (!verdict.ok) {
        log.warn({ status: verdict.status, reason: verdict.reason }, 'refused an HTTP request');
        res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(
          verdict.status === 401
            ? 'Weft needs its access token. Open the full URL that `weft serve` printed.\n'
            : 'Forbidden.\n',
        );
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.searchParams.has('token')) {
        // Trade the token in the URL for a cookie, so it leaves the address bar and history.
        url.searchParams.delete('token');
        res.writeHead(302, {
          'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: url.pathname + url.search,
        });
        res.end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      serveStatic(options.staticDir, url.pathname, res).catch((error: unknown) => {
        log.error({ err: error }, 'static file failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });

    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const verdict =
        path === WS_PATH ? verdictFor(req, true) : ({ ok: false, status: 403, reason: 'unknown path' } as const);
      if (!verdict.ok) {
        log.warn({ status: verdict.status, reason: verdict.reason }, 'refused a WebSocket upgrade');
        const text = verdict.status === 401 ? 'Unauthorized' : 'Forbidden';
        socket.end(`HTTP/1.1 ${verdict.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });

    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    port = (http.address() as AddressInfo).port;
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    log.info({ host, port }, 'browser mode listening');
    return new WeftServer(http, wss, `http://${shownHost}:${port}`, token, port);
  }

  async dispose(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
