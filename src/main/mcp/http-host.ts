import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { loopbackRequestProblem } from './core/loopback';

/** The path MCP clients post to. */
export const MCP_HTTP_PATH = '/mcp';
/** Sessions kept at once; the oldest is closed when a new one would pass this. */
const MAX_SESSIONS = 32;

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
}

/**
 * Serves MCP servers over Streamable HTTP on 127.0.0.1, one McpServer per session. Requests whose
 * Host or Origin is not a loopback name are answered 403 before MCP sees them (DNS rebinding).
 */
export class McpHttpHost {
  private readonly sessions = new Map<string, Session>();

  private readonly http: Server;
  private boundPort = 0;

  private constructor(
    private readonly createMcpServer: () => McpServer,
    private readonly token: string | null,
  ) {
    this.http = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) reply(res, 500, 'Internal error');
        else res.end();
      });
    });
  }

  /** With a `token`, every request must carry `Authorization: Bearer <token>` (else 401). */
  static async start(options: { port: number; createServer: () => McpServer; token?: string }): Promise<McpHttpHost> {
    const host = new McpHttpHost(options.createServer, options.token ?? null);
    await new Promise<void>((resolve, reject) => {
      host.http.once('error', reject);
      host.http.listen(options.port, '127.0.0.1', () => {
        host.http.off('error', reject);
        resolve();
      });
    });
    host.boundPort = (host.http.address() as AddressInfo).port;
    return host;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${MCP_HTTP_PATH}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = loopbackRequestProblem(req.headers.host, header(req, 'origin'), this.port);
    if (problem) {
      reply(res, 403, `Forbidden: ${problem}.`);
      return;
    }
    // Loopback is not a boundary between users or processes on one machine; the token is.
    if (this.token !== null && !bearerMatches(header(req, 'authorization'), this.token)) {
      reply(res, 401, 'Unauthorized: send the token weft mcp printed as "Authorization: Bearer <token>".');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== MCP_HTTP_PATH) {
      reply(res, 404, `Not found; MCP is served at ${MCP_HTTP_PATH}.`);
      return;
    }
    const sessionId = header(req, 'mcp-session-id');
    if (sessionId !== undefined) {
      const session = this.sessions.get(sessionId);
      if (!session) {
        reply(res, 404, 'Session not found; initialize a new one.');
        return;
      }
      await session.transport.handleRequest(req, res);
      return;
    }
    // No session yet: this must be an initialize request, which the transport checks.
    const server = this.createMcpServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, { transport, server });
        this.evictOldest();
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await server.close();
  }

  private evictOldest(): void {
    while (this.sessions.size > MAX_SESSIONS) {
      const [id, oldest] = this.sessions.entries().next().value as [string, Session];
      this.sessions.delete(id);
      void oldest.transport.close().catch(() => undefined);
    }
  }

  async dispose(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map((s) => s.transport.close()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function bearerMatches(value: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(value ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON-RPC error body, as MCP clients expect even for refusals. */
function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
