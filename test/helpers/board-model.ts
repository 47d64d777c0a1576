import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Script } from '../doubles/fake-model';
import { openaiCompletion, openaiFrames } from '../../src/main/models/dev/wire-frames';

/**
 * A scripted OpenAI-compatible model for many agents at once. The fake model's one queue answers
 * requests in arrival order, which parallel agents make arbitrary; here each agent's answers are
 * picked by a word of its task (found in the conversation's first user message) and by how many
 * answers the conversation already holds, so every task gets its own script whatever the order.
 *
 * `hold()` keeps the first answer of each task back until released, so a test can see that
 * several agents are waiting on the model at the same time.
 */
export class BoardModel {
  private readonly sockets = new Set<Socket>();
  private held: { waiting: Set<string>; release: Promise<void>; open: () => void } | null = null;
  private n = 0;

  private constructor(
    private readonly server: Server,
    private readonly scripts: Readonly<Record<string, readonly Script[]>>,
  ) {}

  /** `scripts`: per task word, the answers in order; after them the agent is told "Done.". */
  static async start(scripts: Readonly<Record<string, readonly Script[]>>): Promise<BoardModel> {
    const server = createServer();
    const model = new BoardModel(server, scripts);
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

  /** From now on, first answers wait until `release()`. */
  hold(): void {
    let open = () => {};
    const release = new Promise<void>((resolve) => (open = resolve));
    this.held = { waiting: new Set(), release, open };
  }

  /** Task words whose first answer is being held. */
  get waiting(): readonly string[] {
    return [...(this.held?.waiting ?? [])];
  }

  release(): void {
    this.held?.open();
    this.held = null;
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, { object: 'list', data: [{ id: 'fake-coder', object: 'model', created: 0, owned_by: 'weft' }] });
    }
    const messages = (body.messages ?? []) as { role: string; content: unknown }[];
    const firstUser = text(messages.find((m) => m.role === 'user')?.content);
    // The task's own word comes first; a later one may be a dependency the prompt mentions.
    const word = Object.keys(this.scripts)
      .filter((w) => firstUser.includes(w))
      .sort((a, b) => firstUser.indexOf(a) - firstUser.indexOf(b))[0];
    const answered = messages.filter((m) => m.role === 'assistant').length;
    const script = (word ? this.scripts[word]![answered] : undefined) ?? { text: 'Done.' };
    const held = this.held;
    if (held && word && answered === 0) {
      held.waiting.add(word);
      await held.release;
    }
    const model = typeof body.model === 'string' ? body.model : 'fake-coder';
    const calls = (script.toolCalls ?? []).map((c) => ({
      id: `call_${randomBytes(6).toString('hex')}`,
      name: c.name,
      args: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    }));
    const content = script.text ?? '';
    const usage = script.usage ?? { input: 400, output: 40 };
    if (body.stream !== true) return json(res, openaiCompletion(model, content, calls, usage));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const options = body.stream_options as { include_usage?: unknown } | undefined;
    for (const frame of openaiFrames(model, content, calls, usage, ++this.n, options?.include_usage === true))
      res.write(frame.wire);
    res.end();
  }
}

/** A message's text, whether the SDK sent a string or content parts. */
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
