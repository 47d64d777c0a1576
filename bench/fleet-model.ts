// A scripted OpenAI-compatible model for many agents at once, with a fixed latency per answer:
// what `bench:fleet` and the board CLI test run their tasks against.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openaiCompletion, openaiFrames } from '../src/main/models/dev/wire-frames';

/** One answer: text and tool calls (arguments as an object). */
export interface Answer {
  readonly text?: string;
  readonly toolCalls?: readonly { name: string; arguments: Record<string, unknown> }[];
}

/**
 * Each conversation is answered from the script of the first task word its first user message
 * holds (parallel agents make arrival order arbitrary, so one shared queue would not do), and
 * by how many answers it already has; past its script it says "Done.".
 */
export class TaskModel {
  private readonly sockets = new Set<Socket>();
  private n = 0;
  /** Requests answered, for the bench's count of model calls. */
  requests = 0;

  private constructor(
    private readonly server: Server,
    private readonly scripts: (word: string) => readonly Answer[] | undefined,
    private readonly words: () => readonly string[],
    private readonly latencyMs: number,
  ) {}

  static async start(options: {
    /** The task words and their answers. */
    scripts: Readonly<Record<string, readonly Answer[]>>;
    /** Waited before each answer, as a hosted model's time to answer. */
    latencyMs?: number;
  }): Promise<TaskModel> {
    const server = createServer();
    const words = Object.keys(options.scripts);
    const model = new TaskModel(
      server,
      (w) => options.scripts[w],
      () => words,
      options.latencyMs ?? 0,
    );
    server.on('request', (req, res) => {
      model.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
    server.on('connection', (socket) => {
      model.sockets.add(socket);
      socket.on('close', () => model.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return model;
  }

  get openaiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    if (req.method === 'GET' && (req.url ?? '').startsWith('/v1/models')) {
      return json(res, { object: 'list', data: [{ id: 'fake-coder', object: 'model', created: 0, owned_by: 'weft' }] });
    }
    this.requests++;
    const messages = (body.messages ?? []) as { role: string; content: unknown }[];
    const first = text(messages.find((m) => m.role === 'user')?.content);
    const word = this.words()
      .filter((w) => first.includes(w))
      .sort((a, b) => first.indexOf(a) - first.indexOf(b))[0];
    const answered = messages.filter((m) => m.role === 'assistant').length;
    const answer = (word ? this.scripts(word)?.[answered] : undefined) ?? { text: 'Done.' };
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const model = typeof body.model === 'string' ? body.model : 'fake-coder';
    const calls = (answer.toolCalls ?? []).map((c) => ({
      id: `call_${randomBytes(6).toString('hex')}`,
      name: c.name,
      args: JSON.stringify(c.arguments),
    }));
    const usage = { input: 400, output: 40 };
    if (body.stream !== true) return json(res, openaiCompletion(model, answer.text ?? '', calls, usage));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const options = body.stream_options as { include_usage?: unknown } | undefined;
    for (const frame of openaiFrames(model, answer.text ?? '', calls, usage, ++this.n, options?.include_usage === true))
      res.write(frame.wire);
    res.end();
  }
}

/** An answer that writes one file with the built-in files server. */
export const writeFile = (path: string, content: string): Answer => ({
  text: `Writing ${path}.`,
  toolCalls: [{ name: 'files__write', arguments: { path, content } }],
});

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : ''))
      .join('');
  return '';
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
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
