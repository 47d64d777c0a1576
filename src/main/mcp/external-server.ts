import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerState, McpTransport } from '../../shared/domain/mcp';
import type { Logger } from '../logging/logger';
import { version } from '../version';
import { failuresAfterCrash, restartDecision, type RestartPolicy } from './core/backoff';
import { LineTail } from './core/line-tail';
import { resultText, toolInfoOf } from './core/result-text';
import { ProcessTransport } from './process-transport';
import type { Confinement } from '../terminal/confinement';
import type { ToolOutcome } from './tool-set';

/** An external server as stored, secrets decrypted (they never leave the main process). */
export interface ExternalConfig {
  readonly id: string;
  readonly name: string;
  readonly projectId: string | null;
  readonly transport: McpTransport;
  readonly enabled: boolean;
  /** The user trusts this stdio server outside agent runs' sandbox; never set by an import. */
  readonly unconfined: boolean;
}

/** Timing of starts, restarts and calls; tests shorten them. */
export interface McpTiming {
  readonly restart: RestartPolicy;
  /** The handshake and the first tool list must finish within this. */
  readonly startTimeoutMs: number;
  /** The longest one tool call may take (progress notifications extend it). */
  readonly callTimeoutMs: number;
}

export interface ExternalDeps {
  readonly timing: McpTiming;
  /** Where a stdio server runs: its project's folder, or the user's home for global servers. */
  readonly cwd: () => string;
  /** Confines a stdio server's process (an agent run's sandbox). */
  readonly confinement?: Confinement;
  /** Removes secrets from text shown to the user (stderr, error messages). */
  readonly scrub: (text: string) => string;
  readonly onChange: () => void;
  readonly log: Logger;
  readonly now?: () => number;
}

type Status = McpServerState['status'];

/**
 * One external MCP server: connects over stdio or Streamable HTTP, lists its tools, keeps the
 * last lines of its stderr, and after a crash restarts it with exponential backoff until it
 * gives up and shows the server as failed.
 */
export class ExternalServer {
  private status: Status = 'stopped';
  private error: string | null = null;
  private tools: Tool[] = [];
  private restarts = 0;
  private failures = 0;
  private nextRetryAt: number | null = null;
  private readyAt: number | null = null;
  private client: Client | null = null;
  private transport: Transport | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Bumped by every start and stop, so events of an older attempt are ignored. */
  private attempt = 0;
  private readonly tail = new LineTail(40);
  private readonly settledWaiters = new Set<() => void>();
  private readonly now: () => number;
  private blocked = false;

  constructor(
    readonly config: ExternalConfig,
    private readonly deps: ExternalDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * A second instance of this server for one agent run: started in the run's worktree and
   * confined in its sandbox, so what it writes lands in the worktree (or is refused), never in
   * the user's checkout. Its state is the run's business: it does not show in Settings.
   */
  forRun(overrides: Pick<ExternalDeps, 'cwd' | 'confinement'>): ExternalServer {
    return new ExternalServer(this.config, { ...this.deps, ...overrides, onChange: () => undefined });
  }

  /** Why the server is not ready, when it failed. */
  get failure(): string | null {
    return this.error;
  }

  get ready(): boolean {
    return this.status === 'ready';
  }

  /** The tools as the server declared them, while it is ready. */
  get toolList(): readonly Tool[] {
    return this.status === 'ready' ? this.tools : [];
  }

  state(): McpServerState {
    const t = this.config.transport;
    return {
      id: this.config.id,
      name: this.config.name,
      projectId: this.config.projectId,
      builtIn: false,
      transport:
        t.type === 'stdio'
          ? { type: 'stdio', command: t.command, args: [...t.args], envNames: Object.keys(t.env) }
          : { type: 'http', url: t.url, headerNames: Object.keys(t.headers) },
      enabled: this.config.enabled,
      unconfined: this.config.unconfined,
      status: this.status,
      error: this.error,
      stderrTail: this.deps.scrub(this.tail.toString()),
      tools: this.status === 'ready' ? this.tools.map(toolInfoOf) : [],
      restarts: this.restarts,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /** Shows the server as failed without starting it (its stored config cannot be used). */
  failWith(reason: string): void {
    this.blocked = true;
    this.fail(reason);
  }

  /** Starts the server when enabled; a no-op while it is starting or up. */
  start(): void {
    if (!this.config.enabled || this.blocked) return;
    if (this.status === 'starting' || this.status === 'ready' || this.status === 'restarting') return;
    this.failures = 0;
    void this.connect('starting');
  }

  /** Stops and starts again at once, forgetting earlier failures (the user asked). */
  async restart(): Promise<void> {
    await this.stop();
    if (this.blocked) return;
    this.failures = 0;
    this.error = null;
    if (this.config.enabled) void this.connect('starting');
  }

  /** Ends the connection and the process group; the state becomes stopped. */
  async stop(): Promise<void> {
    this.attempt++;
    clearTimeout(this.retryTimer);
    this.nextRetryAt = null;
    const wasRunning = this.status !== 'stopped';
    if (this.blocked) return;
    this.status = 'stopped';
    this.tools = [];
    await this.teardown();
    this.settle();
    if (wasRunning) this.deps.onChange();
  }

  /** Resolves once the server is no longer starting, or after `timeoutMs`. */
  whenSettled(timeoutMs: number): Promise<void> {
    if (this.status !== 'starting' && this.status !== 'restarting') return Promise.resolve();
    // Backing off after a crash, it will not be ready before its retry, which may be minutes
    // away: a run starts without it rather than waiting the whole timeout for nothing.
    if (this.status === 'restarting' && this.nextRetryAt !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.settledWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.settledWaiters.add(done);
    });
  }

  /** Calls one of the server's tools; failures come back as error outcomes, never as exceptions. */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    const client = this.client;
    if (this.status !== 'ready' || !client) {
      const why = this.error ? ` (${this.status}: ${this.error})` : ` (${this.status})`;
      return { text: `The MCP server "${this.config.name}" is not running${why}.`, isError: true };
    }
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        timeout: this.deps.timing.callTimeoutMs,
        resetTimeoutOnProgress: true,
      });
      return resultText(result as Parameters<typeof resultText>[0]);
    } catch (error) {
      if (signal.aborted) return { text: 'The tool call was cancelled.', isError: true };
      return {
        text: this.deps.scrub(`The MCP server "${this.config.name}" failed: ${messageOf(error)}`),
        isError: true,
      };
    }
  }

  private async connect(status: 'starting' | 'restarting'): Promise<void> {
    const attempt = ++this.attempt;
    this.status = status;
    this.nextRetryAt = null;
    this.readyAt = null;
    this.tail.clear();
    this.deps.onChange();
    const transport = this.makeTransport();
    const client = new Client({ name: 'weft', version }, { capabilities: {} });
    this.client = client;
    this.transport = transport;
    let connected = false;
    client.onclose = () => {
      if (attempt !== this.attempt) return;
      // Lost after the handshake: a crash. During the handshake, connect() below reports it.
      if (connected) void this.crashed(attempt, this.exitReason('The server stopped.'));
    };
    client.onerror = (error) => {
      if (attempt === this.attempt)
        this.deps.log.debug({ server: this.config.name, err: messageOf(error) }, 'mcp transport error');
    };
    try {
      await client.connect(transport, { timeout: this.deps.timing.startTimeoutMs });
      // A server may offer only resources or prompts; it then has no tools for an agent.
      const tools = client.getServerCapabilities()?.tools
        ? await listAllTools(client, this.deps.timing.startTimeoutMs)
        : [];
      if (attempt !== this.attempt) return;
      connected = true;
      this.tools = tools;
      this.status = 'ready';
      this.error = null;
      this.readyAt = this.now();
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        try {
          const next = await listAllTools(client, this.deps.timing.startTimeoutMs);
          if (attempt !== this.attempt) return;
          this.tools = next;
          this.deps.onChange();
        } catch (error) {
          this.deps.log.warn(
            { server: this.config.name, err: messageOf(error) },
            'mcp tools could not be listed again',
          );
        }
      });
      this.deps.log.info({ server: this.config.name, tools: tools.length }, 'mcp server ready');
      this.settle();
      this.deps.onChange();
    } catch (error) {
      if (attempt !== this.attempt) return;
      const code = (error as NodeJS.ErrnoException).code;
      const t = this.config.transport;
      if (code === 'ENOENT' && t.type === 'stdio') {
        // Restarting cannot make a missing program appear.
        await this.teardown();
        this.fail(`Could not start ${t.command}: no such program (is it installed and on PATH?).`);
        return;
      }
      await this.crashed(attempt, this.exitReason(this.startFailure(error)));
    }
  }

  private makeTransport(): Transport {
    const t = this.config.transport;
    if (t.type === 'stdio') {
      return new ProcessTransport({
        command: t.command,
        args: t.args,
        env: t.env,
        cwd: this.deps.cwd(),
        onStderr: (text) => this.tail.push(text),
        confinement: this.deps.confinement,
      });
    }
    return new StreamableHTTPClientTransport(new URL(t.url), { requestInit: { headers: { ...t.headers } } });
  }

  /** Why a handshake failed, in a sentence. */
  private startFailure(error: unknown): string {
    const message = messageOf(error);
    if (/Request timed out|-32001/i.test(message)) {
      return `The server did not complete the MCP handshake within ${Math.round(this.deps.timing.startTimeoutMs / 1000)} s.`;
    }
    if (/Connection closed/i.test(message)) return 'The server closed the connection during the MCP handshake.';
    return `The MCP handshake failed: ${message}`;
  }

  /** Adds the exit code or signal of a stdio server to a reason. */
  private exitReason(reason: string): string {
    const exit = this.transport instanceof ProcessTransport ? this.transport.exit : null;
    if (!exit) return reason;
    if (exit.signal) return `${reason} The process was ended by ${exit.signal}.`;
    return `${reason} The process exited with code ${exit.code}.`;
  }

  private async crashed(attempt: number, reason: string): Promise<void> {
    if (attempt !== this.attempt) return;
    const upFor = this.readyAt === null ? null : this.now() - this.readyAt;
    this.attempt++;
    const next = this.attempt;
    this.tools = [];
    await this.teardown();
    if (next !== this.attempt) return;
    this.failures = failuresAfterCrash(this.failures, upFor, this.deps.timing.restart);
    const decision = restartDecision(this.failures, this.deps.timing.restart);
    const scrubbed = this.deps.scrub(reason);
    if (decision.giveUp) {
      this.fail(`${scrubbed} Gave up after ${this.failures} failed ${this.failures === 1 ? 'start' : 'starts'}.`);
      return;
    }
    this.status = 'restarting';
    this.error = scrubbed;
    this.nextRetryAt = this.now() + decision.delayMs;
    this.deps.log.warn(
      { server: this.config.name, failures: this.failures, delayMs: decision.delayMs },
      'mcp server stopped; restarting',
    );
    this.deps.onChange();
    this.retryTimer = setTimeout(() => {
      if (next !== this.attempt) return;
      this.restarts++;
      void this.connect('restarting');
    }, decision.delayMs);
  }

  private fail(reason: string): void {
    this.status = 'failed';
    this.error = this.deps.scrub(reason);
    this.nextRetryAt = null;
    this.deps.log.warn({ server: this.config.name, reason: this.error }, `mcp server "${this.config.name}" failed`);
    this.settle();
    this.deps.onChange();
  }

  private async teardown(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = null;
    this.transport = null;
    try {
      if (client) await client.close();
      else await transport?.close();
    } catch {
      // Already gone.
    }
    // Client.close closes its transport; make sure a process transport really ended its group.
    if (transport instanceof ProcessTransport) await transport.close();
  }

  private settle(): void {
    for (const done of [...this.settledWaiters]) done();
  }
}

/** Every tool, following pagination cursors. */
async function listAllTools(client: Client, timeout: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await client.listTools(cursor ? { cursor } : undefined, { timeout });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
