// The only way out of a sandbox's network: an HTTP proxy outside it that lets through the hosts
// the project allows and refuses (and reports) every other one.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import { chmodSync } from 'node:fs';
import type { ProxyEndpoint } from './plan';

/** True when `host` is allowed by a list of names and `*.suffix` patterns (case-insensitive). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p.startsWith('*.')) return name.endsWith(p.slice(1)) && name.length > p.length - 1;
    return name === p;
  });
}

/** Splits `host:port` / `[v6]:port` as a CONNECT request names it. */
export function splitHostPort(target: string, defaultPort: number): { host: string; port: number } | null {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(target) ?? /^([^:]+)(?::(\d+))?$/.exec(target);
  if (!match) return null;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: match[1]!, port };
}

/** Loopback, private, link-local (cloud metadata), CGNAT and unspecified addresses. */
export function isInternalAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/**
 * Where to connect for an allowed host: its address, resolved once here (so a name cannot
 * resolve to one address for the check and another for the connection), and refused when a
 * public name resolves to an internal address (DNS rebinding onto the host's own services) unless
 * the user allowed that address itself.
 */
async function addressFor(host: string, allowed: readonly string[]): Promise<string | null> {
  const literal = isIP(host) !== 0;
  let address = host;
  if (!literal) {
    try {
      address = (await lookup(host)).address;
    } catch {
      return null;
    }
  }
  if (isInternalAddress(address) && !allowed.includes(address)) return null;
  return address;
}

export interface ProxyDenial {
  readonly host: string;
  readonly port: number;
}

/** A running proxy for one sandboxed run. */
export class SandboxProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly endpoint: ProxyEndpoint,
  ) {}

  /**
   * Starts a proxy on a unix socket at `socketPath` (Linux: bound into the sandbox) or, with
   * null, on a random loopback port (macOS: the profile allows only that port).
   */
  static async start(options: {
    readonly socketPath: string | null;
    readonly allowedHosts: () => readonly string[];
    readonly onDenied: (denial: ProxyDenial) => void;
  }): Promise<SandboxProxy> {
    const deny = (host: string, port: number) => options.onDenied({ host, port });
    const server = createServer((req, res) => {
      // Absolute-form requests (`GET http://host/path`) of plain HTTP through a proxy.
      let url: URL;
      try {
        url = new URL(req.url ?? '');
      } catch {
        res.writeHead(400).end('Weft sandbox proxy: only proxy requests are served.\n');
        return;
      }
      const port = url.port === '' ? 80 : Number(url.port);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (url.protocol !== 'http:' || !hostAllowed(host, options.allowedHosts())) {
        deny(host, port);
        res.writeHead(403, { 'content-type': 'text/plain' }).end(refusal(host));
        return;
      }
      void addressFor(host, options.allowedHosts()).then((address) => {
        if (address === null) {
          deny(host, port);
          res.writeHead(403, { 'content-type': 'text/plain' }).end(refusal(host));
          return;
        }
        const upstream = httpRequest(
          {
            host: address,
            port,
            method: req.method,
            path: `${url.pathname}${url.search}`,
            headers: withoutProxyHeaders(req),
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`Weft sandbox proxy: ${host} could not be reached (${error.message}).\n`);
        });
        req.pipe(upstream);
      });
    });
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      // First of all: a command that hangs up before reading the refusal makes the write fail
      // with EPIPE, and an error with no listener would take the whole main process down.
      client.on('error', () => client.destroy());
      const target = splitHostPort(req.url ?? '', 443);
      if (!target || !hostAllowed(target.host, options.allowedHosts())) {
        if (target) deny(target.host, target.port);
        client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${refusal(target?.host ?? '?')}`);
        return;
      }
      void addressFor(target.host, options.allowedHosts()).then((address) => {
        if (address === null) {
          deny(target.host, target.port);
          client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n${refusal(target.host)}`);
          return;
        }
        const upstream = connect(target.port, address, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length > 0) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        const end = () => {
          upstream.destroy();
          client.destroy();
        };
        upstream.on('error', () => {
          if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
          end();
        });
        client.on('close', () => upstream.destroy());
      });
    });
    // Kept so closing the proxy ends tunnels still open (a command left running in the background).
    const sockets = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    const endpoint = await new Promise<ProxyEndpoint>((resolve, reject) => {
      server.once('error', reject);
      if (options.socketPath !== null) {
        const path = options.socketPath;
        server.listen(path, () => {
          // Only this user (and the sandbox, which is this user) may connect.
          chmodSync(path, 0o600);
          resolve({ kind: 'unix', path });
        });
      } else {
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          resolve({ kind: 'tcp', port: typeof address === 'object' && address ? address.port : 0 });
        });
      }
    });
    return new SandboxProxy(server, sockets, endpoint);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function refusal(host: string): string {
  return `Weft sandbox: connections to ${host} are not allowed for this project. Add the host under Settings → Project → Allowed hosts to allow it.\n`;
}

function withoutProxyHeaders(req: IncomingMessage): IncomingMessage['headers'] {
  const headers = { ...req.headers };
  delete headers['proxy-authorization'];
  delete headers['proxy-connection'];
  return headers;
}
