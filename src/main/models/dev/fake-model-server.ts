import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  anthropicFrames,
  anthropicMessage,
  errorBody,
  openaiCompletion,
  openaiFrames,
  streamError,
} from './wire-frames';

// A loopback double that speaks the documented wire formats of Anthropic's Messages API and
// OpenAI's Chat Completions API (HTTP + server-sent events), so tests and demos drive the real
// SDKs through `baseURL`. Scripts queued with `enqueue` decide each answer and can inject faults.

/** A fault the next answer suffers. */
export type Fault =
  /** Answer with an HTTP error; `retryAfter` in seconds sets the retry-after header. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: number; readonly message?: string }
  /** Drop the connection before any response. */
  | { readonly kind: 'reset' }
  /** Send the first part of the answer, then drop the connection. */
  | { readonly kind: 'cut' }
  /** Send the first part of the answer, then go silent without closing. */
  | { readonly kind: 'stall' }
  /** Send headers at once, but the first token only after `delayMs`. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Send the first part of the answer, then an error event in the stream (e.g. overloaded). */
  | { readonly kind: 'error-event' };

/** One scripted answer. Tool arguments given as a string are sent verbatim, so they may be malformed JSON. */
export interface Script {
  readonly text?: string;
  readonly toolCalls?: readonly { readonly name: string; readonly arguments: Record<string, unknown> | string }[];
  readonly usage?: {
    readonly input: number;
    readonly output: number;
    readonly cacheRead?: number;
    readonly cacheWrite?: number;
  };
  readonly fault?: Fault;
}

/** A request the double received, for assertions. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown> | undefined;
}

/** How the double listens and what it pretends to be. */
export interface FakeModelOptions {
  readonly port?: number;
  readonly host?: string;
  /** When set, requests must carry this key; a wrong one gets a 401 that echoes it, as real APIs do. */
  readonly apiKey?: string;
  /** Models listed by GET /v1/models and Ollama's /api/tags. */
  readonly models?: readonly string[];
  /** Also answer Ollama's native /api/tags and /api/show, for local-server detection. */
  readonly ollama?: boolean;
}

type Protocol = 'anthropic' | 'openai';

/** The double: a real HTTP server on loopback. */
export class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Script[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private counter = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeModelOptions,
  ) {}

  static async start(options: FakeModelOptions = {}): Promise<FakeModelServer> {
    const server = createServer();
    const fake = new FakeModelServer(server, options);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL for the Anthropic SDK (it appends /v1/messages). */
  get anthropicUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The base URL for the OpenAI SDK (it appends /chat/completions). */
  get openaiUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Queues answers for the next requests, in order; after them the default answer is used. */
  enqueue(...scripts: Script[]): void {
    this.queue.push(...scripts);
  }

  /** Requests to a model endpoint (not model lists). */
  get calls(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && /\/(messages|chat\/completions)$/.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const protocol: Protocol = req.headers['anthropic-version'] ? 'anthropic' : 'openai';

    if (this.options.ollama && path === '/api/tags')
      return json(res, 200, { models: this.models().map((name) => ({ name, model: name })) });
    if (this.options.ollama && path === '/api/show') {
      return json(res, 200, { capabilities: ['completion', 'tools'], model_info: { 'general.context_length': 32768 } });
    }
    if (this.options.ollama && path === '/api/create') return json(res, 200, { status: 'success' });
    if (!this.authorised(req, protocol, res)) return;
    if (req.method === 'GET' && path === '/v1/models') return this.listModels(res, protocol);
    if (req.method === 'POST' && (path === '/v1/messages' || path === '/v1/chat/completions')) {
      if (!body) return json(res, 400, errorBody(protocol, 'invalid_request_error', 'The body is not JSON.'));
      const script = this.queue.shift() ?? {};
      return this.answer(req, res, protocol, body, script);
    }
    json(res, 404, errorBody(protocol, 'not_found_error', `No route ${req.method} ${path}`));
  }

  private models(): readonly string[] {
    return this.options.models ?? ['fake-model', 'fake-model-large'];
  }

  private authorised(req: IncomingMessage, protocol: Protocol, res: ServerResponse): boolean {
    const expected = this.options.apiKey;
    if (!expected) return true;
    // Anthropic documents x-api-key; its SDK also sends keys as a bearer token.
    const given =
      protocol === 'anthropic' && req.headers['x-api-key']
        ? String(req.headers['x-api-key'])
        : String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (given === expected) return true;
    json(res, 401, errorBody(protocol, 'authentication_error', `Incorrect API key provided: ${given}`));
    return false;
  }

  private listModels(res: ServerResponse, protocol: Protocol): void {
    const ids = this.models();
    if (protocol === 'anthropic') {
      const data = ids.map((id) => ({ id, type: 'model', display_name: id, created_at: '2026-01-01T00:00:00Z' }));
      json(res, 200, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null });
    } else {
      json(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'weft' })),
      });
    }
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    protocol: Protocol,
    body: Record<string, unknown>,
    script: Script,
  ): void {
    const fault = script.fault;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      const type =
        fault.status === 429 ? 'rate_limit_error' : fault.status >= 500 ? 'api_error' : 'invalid_request_error';
      return json(
        res,
        fault.status,
        errorBody(protocol, type, fault.message ?? `Injected HTTP ${fault.status}`),
        headers,
      );
    }
    const model = typeof body.model === 'string' ? body.model : 'fake-model';
    const text = script.text ?? (script.toolCalls ? '' : 'Hello from the fake model.');
    const calls = (script.toolCalls ?? []).map((c) => ({
      id: `${protocol === 'anthropic' ? 'toolu' : 'call'}_${randomBytes(6).toString('hex')}`,
      name: c.name,
      args: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    }));
    const usage = script.usage ?? {
      input: Math.ceil(JSON.stringify(body.messages ?? '').length / 4),
      output: Math.max(1, Math.ceil((text.length + calls.reduce((n, c) => n + c.args.length, 0)) / 4)),
    };
    const frames =
      protocol === 'anthropic'
        ? anthropicFrames(model, text, calls, usage, ++this.counter)
        : openaiFrames(model, text, calls, usage, ++this.counter, includeUsage(body));
    if (body.stream !== true) {
      return json(
        res,
        200,
        protocol === 'anthropic'
          ? anthropicMessage(model, text, calls, usage)
          : openaiCompletion(model, text, calls, usage),
      );
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    // The first frame that carries content; faults that cut or stall act after it.
    const firstContent = frames.findIndex((f) => f.content);
    let slowPending = fault?.kind === 'slow';
    const send = (from: number): void => {
      for (let i = from; i < frames.length; i++) {
        if (slowPending && fault?.kind === 'slow' && i === firstContent) {
          slowPending = false;
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (!res.destroyed) send(i);
          }, fault.delayMs);
          this.timers.add(timer);
          return;
        }
        res.write(frames[i]!.wire);
        if ((fault?.kind === 'cut' || fault?.kind === 'stall') && i === firstContent) {
          if (fault.kind === 'cut') setImmediate(() => req.socket.destroy());
          return;
        }
        if (fault?.kind === 'error-event' && i === firstContent) {
          res.end(streamError(protocol).wire);
          return;
        }
      }
      res.end();
    };
    send(0);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function includeUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options as { include_usage?: unknown } | undefined;
  return options?.include_usage === true;
}
