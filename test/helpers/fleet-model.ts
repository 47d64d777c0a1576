import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeModelServer, type Script } from '../doubles/fake-model';
import { afterEach, beforeEach } from 'vitest';
import type { Backend } from '../../src/main/index';

/**
 * A model double for parallel runs: one scripted FakeModelServer per task, chosen by the
 * `[task:<key>]` marker in the request (a task's title is in its run's prompt, and no other
 * run's is), so runs working at the same time each get their own script in order.
 */
export class FleetModel {
  private readonly fakes = new Map<string, FakeModelServer>();
  private fallback: FakeModelServer | null = null;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FleetModel> {
    const server = createServer();
    const model = new FleetModel(server);
    model.fallback = await FakeModelServer.start();
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const key = /\[task:([a-z0-9]+)\]/.exec(body.toString('utf8'))?.[1];
        const target = (key && model.fakes.get(key)) || model.fallback!;
        const forward = httpRequest(
          { host: '127.0.0.1', port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', (error) => res.destroy(error));
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return model;
  }

  /** The base URL for the Anthropic protocol (its SDK appends /v1/messages). */
  get anthropicUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get openaiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Queues answers for the run of the task whose title carries `[task:<key>]`. */
  async script(key: string, ...scripts: Script[]): Promise<void> {
    let fake = this.fakes.get(key);
    if (!fake) {
      fake = await FakeModelServer.start();
      this.fakes.set(key, fake);
    }
    fake.enqueue(...scripts);
  }

  /** Model calls the task's run made. */
  calls(key: string): number {
    return this.fakes.get(key)?.calls.length ?? 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const f of [...this.fakes.values(), this.fallback]) await f?.close();
  }
}

/**
 * A scripted per-task model started before each test and closed after it, with the backends the
 * test opened (disposed first, so nothing is still calling the model when it closes).
 */
export function useFleetModel(): { readonly model: FleetModel; readonly opened: Backend[] } {
  let model: FleetModel | undefined;
  const opened: Backend[] = [];
  beforeEach(async () => {
    model = await FleetModel.start();
  });
  afterEach(async () => {
    for (const b of opened.splice(0)) await b.dispose();
    await model?.close();
  });
  return {
    get model() {
      if (!model) throw new Error('useFleetModel: the model starts in beforeEach');
      return model;
    },
    opened,
  };
}
