import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import type { McpImportResult, McpServerInput, McpServerState, McpTransport } from '../../shared/domain/mcp';
import { WeftError } from '../../shared/ipc/errors';
import type { SecretCipher } from '../host';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import { scrubSecrets } from '../logging/redact';
import { defaultRestartPolicy } from './core/backoff';
import { parseMcpConfig } from './core/import-config';
import { builtInServerNames, isBuiltInServerName, type BuiltInServerName } from './core/names';
import { ExternalServer, type ExternalConfig, type McpTiming } from './external-server';
import type { McpRepo, McpServerRow } from './mcp-repo';
import { openRunToolSet } from './run-tool-set';
import { builtInToolInfo } from './servers';
import type { ToolSet, ToolSetFactory, ToolSetRequest } from './tool-set';

export interface McpServiceOptions {
  readonly repo: McpRepo;
  /** Encrypts env and header values at rest. */
  readonly cipher: SecretCipher;
  /** Hands a secret to the log scrubber. */
  readonly registerSecret: (value: string) => void;
  /** Every secret known to the logger, scrubbed from stderr and errors shown to the user. */
  readonly secrets: () => Iterable<string>;
  /** A project's folder, where its stdio servers run; throws for an unknown project. */
  readonly projectRoot: (projectId: string) => string;
  /** In a folder the user has not trusted, the project's own servers do not start. */
  readonly isTrusted?: (projectId: string) => boolean;
  readonly events: EventHub;
  readonly log: Logger;
  readonly timing?: Partial<McpTiming>;
  /** How long `open` waits for servers that are still starting (5 s). */
  readonly openWaitMs?: number;
  readonly now?: () => number;
}

const defaultTiming: McpTiming = {
  restart: defaultRestartPolicy,
  startTimeoutMs: 60_000,
  callTimeoutMs: 10 * 60_000,
};

const builtInId = (name: BuiltInServerName) => `builtin-${name}`;

/**
 * Weft's MCP layer: the built-in files, git, shell and search servers, and the user's external
 * stdio and Streamable HTTP servers (global or per project), which it stores, starts, restarts
 * and stops. As a ToolSetFactory it opens the tools of one agent run.
 */
export class McpService implements ToolSetFactory {
  private readonly servers = new Map<string, ExternalServer>();
  private readonly startedProjects = new Set<string>();
  /** Projects whose servers were asked for, trusted or not (so trusting one starts them). */
  private readonly listedProjects = new Set<string>();
  private readonly timing: McpTiming;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: McpServiceOptions) {
    this.timing = { ...defaultTiming, ...options.timing };
    this.now = options.now ?? Date.now;
    for (const row of options.repo.all()) this.servers.set(row.id, this.fromRow(row));
    // Global servers start with Weft; a project's own start when the project first needs them.
    for (const server of this.servers.values()) if (server.config.projectId === null) server.start();
  }

  /** Built-in servers, global servers, and `projectId`'s own (which start now if they had not). */
  list(projectId?: string): McpServerState[] {
    if (projectId) this.startProject(projectId);
    const external = [...this.servers.values()]
      .filter((s) => s.config.projectId === null || s.config.projectId === projectId)
      .map((s) => s.state());
    return [...builtInServerNames.map(builtInState), ...external];
  }

  /**
   * The tool names a project's runs can call (`<server>__<tool>`), or null while an enabled
   * server is not ready, since its tools are not known yet.
   */
  toolNames(projectId: string): string[] | null {
    const servers = this.list(projectId).filter((s) => s.enabled);
    if (servers.some((s) => s.status !== 'ready')) return null;
    return servers.flatMap((s) => s.tools.map((t) => `${s.name}__${t.name}`));
  }

  /**
   * Adds or edits an external server and starts it when enabled. On an edit, an env or header
   * entry with an empty value keeps the value stored under that name (the UI never sees it).
   */
  save(input: McpServerInput): McpServerState {
    const existing = input.id ? this.options.repo.get(input.id) : undefined;
    if (input.id && !existing) throw new WeftError('mcp_server_not_found', 'That MCP server no longer exists.');
    if (isBuiltInServerName(input.name)) {
      throw new WeftError('invalid_input', `"${input.name}" is the name of a built-in server; choose another name.`);
    }
    if (input.projectId !== null) this.options.projectRoot(input.projectId);
    const clash = this.clash(input.name, input.projectId, existing?.id);
    if (clash) throw new WeftError('already_exists', `An MCP server named "${input.name}" exists already.`);

    const kept = existing ? this.decryptSecrets(existing) : {};
    const given = input.transport.type === 'stdio' ? input.transport.env : input.transport.headers;
    const secrets: Record<string, string> = {};
    for (const [key, value] of Object.entries(given)) {
      const keptValue = kept?.[key];
      secrets[key] = value === '' && keptValue !== undefined ? keptValue : value;
    }
    for (const value of Object.values(secrets)) if (value) this.options.registerSecret(value);

    const at = this.now();
    const t = input.transport;
    const row: McpServerRow = {
      id: existing?.id ?? randomUUID(),
      name: input.name,
      projectId: input.projectId,
      transport: t.type,
      command: t.type === 'stdio' ? t.command : null,
      args: t.type === 'stdio' ? [...t.args] : [],
      url: t.type === 'http' ? t.url : null,
      secretNames: Object.keys(secrets),
      secretsCiphertext: Object.keys(secrets).length > 0 ? this.options.cipher.encrypt(JSON.stringify(secrets)) : null,
      enabled: input.enabled,
      // An HTTP server is reached from Weft itself; there is no process of its to confine.
      unconfined: t.type === 'stdio' && input.unconfined,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    this.options.repo.upsert(row);
    this.options.log.info(
      {
        server: row.name,
        transport: row.transport,
        scope: row.projectId ? 'project' : 'global',
        enabled: row.enabled,
        unconfined: row.unconfined,
      },
      existing ? 'mcp server changed' : 'mcp server added',
    );
    const previous = this.servers.get(row.id);
    const server = this.fromRow(row);
    this.servers.set(row.id, server);
    // The old process must be gone before its successor starts (it may hold a port or a lock).
    const startIfCurrent = () => {
      if (this.disposed || this.servers.get(row.id) !== server) return;
      if (row.projectId !== null && !this.trusted(row.projectId)) return;
      server.start();
    };
    if (previous) void previous.stop().then(startIfCurrent);
    else startIfCurrent();
    if (!row.enabled) this.emit(server);
    return server.state();
  }

  /** Stops an external server and forgets it. */
  async remove(id: string): Promise<void> {
    if (id.startsWith('builtin-')) throw new WeftError('invalid_input', 'Built-in servers cannot be removed.');
    const server = this.servers.get(id);
    if (!server) throw new WeftError('mcp_server_not_found', 'That MCP server no longer exists.');
    this.servers.delete(id);
    this.options.repo.remove(id);
    await server.stop();
    this.options.log.info({ server: server.config.name }, 'mcp server removed');
    this.options.events.emit('mcp.removed', { id });
  }

  /** Restarts an external server now, forgetting earlier failures. */
  async restart(id: string): Promise<McpServerState> {
    const builtIn = builtInServerNames.find((n) => builtInId(n) === id);
    if (builtIn) return builtInState(builtIn);
    const server = this.servers.get(id);
    if (!server) throw new WeftError('mcp_server_not_found', 'That MCP server no longer exists.');
    if (!server.config.enabled)
      throw new WeftError('invalid_input', `${server.config.name} is disabled; enable it first.`);
    await server.restart();
    return server.state();
  }

  /** Adds the servers of a Claude Desktop / Cursor style `mcpServers` config; never replaces one. */
  import(json: string, projectId: string | null): McpImportResult {
    if (projectId !== null) this.options.projectRoot(projectId);
    const taken = new Set(
      [...this.servers.values()]
        .filter((s) => projectId === null || s.config.projectId === null || s.config.projectId === projectId)
        .map((s) => s.config.name),
    );
    let parsed;
    try {
      parsed = parseMcpConfig(json, taken);
    } catch (error) {
      throw new WeftError('invalid_input', (error as Error).message);
    }
    const added: string[] = [];
    const skipped = [...parsed.skipped];
    for (const server of parsed.servers) {
      try {
        // A pasted config cannot let a server out of the sandbox: only the user's tick in Settings can.
        this.save({
          name: server.name,
          projectId,
          transport: server.transport,
          enabled: server.enabled,
          unconfined: false,
        });
        added.push(server.name);
      } catch (error) {
        skipped.push({ name: server.originalName, reason: (error as Error).message });
      }
    }
    return { added, skipped };
  }

  /** The tools of one run: the built-ins bound to `root`, and every ready external server it may use. */
  async open(request: ToolSetRequest): Promise<ToolSet> {
    if (this.disposed) throw new WeftError('cancelled', 'Weft is shutting down.');
    this.startProject(request.projectId);
    const ownAllowed = this.trusted(request.projectId);
    const visible = [...this.servers.values()].filter(
      (s) =>
        s.config.enabled && (s.config.projectId === null || (ownAllowed && s.config.projectId === request.projectId)),
    );
    await Promise.all(visible.map((s) => s.whenSettled(this.options.openWaitMs ?? 5000)));
    if (request.confinement === undefined) return openRunToolSet(request.root, request.shell, visible, request.signal);
    // An agent run starts its own instance of each stdio server, in its worktree and sandbox.
    const perRun: ExternalServer[] = [];
    const externals = visible.map((server) => {
      if (server.config.transport.type !== 'stdio') return server;
      // The user trusted this one outside the sandbox: the run shares the project-folder instance.
      if (server.config.unconfined) return server;
      const own = server.forRun({ cwd: () => request.root, confinement: request.confinement });
      perRun.push(own);
      return own;
    });
    for (const server of perRun) server.start();
    await Promise.all(perRun.map((s) => s.whenSettled(this.options.openWaitMs ?? 5000)));
    for (const server of perRun) {
      if (!server.ready) {
        this.options.log.warn(
          { server: server.config.name, reason: server.failure },
          'an mcp server did not start for an agent run',
        );
      }
    }
    const stopAll = () => Promise.allSettled(perRun.map((s) => s.stop()));
    let set: ToolSet;
    try {
      set = await openRunToolSet(request.root, request.shell, externals, request.signal);
    } catch (error) {
      await stopAll();
      throw error;
    }
    return {
      ...set,
      close: async () => {
        await set.close();
        await stopAll();
      },
    };
  }

  /** Stops every external server and its process group. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.servers.values()].map((s) => s.stop()));
    this.servers.clear();
  }

  /**
   * Trust of a folder changed: its own servers start once it is trusted, and stop when it no
   * longer is (their processes are the repository's business only in a trusted folder).
   */
  async trustChanged(projectId: string): Promise<void> {
    if (this.trusted(projectId)) {
      if (this.startedProjects.has(projectId) || this.listedProjects.has(projectId)) {
        this.startedProjects.delete(projectId);
        this.startProject(projectId);
      }
      return;
    }
    this.startedProjects.delete(projectId);
    await Promise.allSettled(
      [...this.servers.values()].filter((s) => s.config.projectId === projectId).map((s) => s.stop()),
    );
  }

  private trusted(projectId: string): boolean {
    return this.options.isTrusted?.(projectId) ?? true;
  }

  private startProject(projectId: string): void {
    this.listedProjects.add(projectId);
    if (!this.trusted(projectId)) return;
    if (this.disposed || this.startedProjects.has(projectId)) return;
    this.startedProjects.add(projectId);
    for (const server of this.servers.values()) if (server.config.projectId === projectId) server.start();
  }

  /** A server with this name that would share a tool set with one in `projectId`'s scope. */
  private clash(name: string, projectId: string | null, exceptId: string | undefined): boolean {
    return [...this.servers.values()].some(
      (s) =>
        s.config.id !== exceptId &&
        s.config.name === name &&
        (projectId === null || s.config.projectId === null || s.config.projectId === projectId),
    );
  }

  private decryptSecrets(row: McpServerRow): Record<string, string> | null {
    if (!row.secretsCiphertext) return {};
    try {
      const parsed = JSON.parse(this.options.cipher.decrypt(row.secretsCiphertext)) as Record<string, string>;
      for (const value of Object.values(parsed)) if (value) this.options.registerSecret(value);
      return parsed;
    } catch {
      this.options.log.warn({ server: row.name }, 'the stored values of an mcp server cannot be decrypted');
      return null;
    }
  }

  private fromRow(row: McpServerRow): ExternalServer {
    const secrets = this.decryptSecrets(row);
    const values = secrets ?? {};
    const transport: McpTransport =
      row.transport === 'stdio'
        ? { type: 'stdio', command: row.command ?? '', args: row.args, env: values }
        : { type: 'http', url: row.url ?? '', headers: values };
    const config: ExternalConfig = {
      id: row.id,
      name: row.name,
      projectId: row.projectId,
      transport,
      enabled: row.enabled,
      unconfined: row.unconfined,
    };
    const server = new ExternalServer(config, {
      timing: this.timing,
      cwd: () => this.cwdFor(row.projectId),
      scrub: (text) => scrubSecrets(text, this.options.secrets()),
      onChange: () => this.emit(server),
      log: this.options.log,
      now: this.now,
    });
    if (secrets === null) {
      const what = row.transport === 'stdio' ? 'environment values' : 'header values';
      server.failWith(`The stored ${what} cannot be decrypted on this machine; edit the server and enter them again.`);
    }
    return server;
  }

  private cwdFor(projectId: string | null): string {
    if (projectId === null) return homedir();
    try {
      const root = this.options.projectRoot(projectId);
      // A missing cwd makes spawn fail as if the program were missing; run from home instead.
      return existsSync(root) ? root : homedir();
    } catch {
      return homedir();
    }
  }

  private emit(server: ExternalServer): void {
    if (this.disposed || this.servers.get(server.config.id) !== server) return;
    this.options.events.emit('mcp.changed', server.state());
  }
}

function builtInState(name: BuiltInServerName): McpServerState {
  return {
    id: builtInId(name),
    name,
    projectId: null,
    builtIn: true,
    transport: { type: 'builtin' },
    enabled: true,
    unconfined: false,
    status: 'ready',
    error: null,
    stderrTail: '',
    tools: builtInToolInfo(name),
    restarts: 0,
    nextRetryAt: null,
  };
}
