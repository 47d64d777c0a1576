import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRepo } from './agent/agent-repo';
import { AgentService } from './agent/agent-service';
import { agentHandlers } from './agent/handlers';
import { RunWorkspaces } from './agent/workspace/run-workspaces';
import { appHandlers } from './app-handlers';
import { Store } from './db/client';
import { fileHandlers } from './files/handlers';
import { FileService } from './files/file-service';
import { FleetService } from './fleet/fleet-service';
import { workflowRunsPort } from './workflow/task-runs';
import { EnvironmentFiles } from './fleet/environment-file';
import { taskHandlers } from './fleet/handlers';
import { confinedRun } from './fleet/sandboxed-command';
import { WatchService } from './files/watch-service';
import { GitAdapter } from './git/git-adapter';
import { GitService } from './git/git-service';
import { gitHandlers } from './git/handlers';
import type { Host } from './host';
import { EventHub } from './ipc/events';
import { OutboundScrub } from './ipc/outbound-scrub';
import { Router, type Handlers } from './ipc/router';
import { LogService } from './logging/logger';
import { logHandlers } from './logging/handlers';
import { mcpHandlers } from './mcp/handlers';
import type { McpTiming } from './mcp/external-server';
import { McpRepo } from './mcp/mcp-repo';
import { McpService } from './mcp/mcp-service';
import { modelHandlers } from './models/handlers';
import { AttentionService } from './notifications/attention-service';
import { ModelService, type ModelTiming } from './models/model-service';
import { ModelsRepo } from './models/models-repo';
import { PriceFile } from './models/price-file';
import { ProviderRegistry } from './models/provider-registry';
import { FileSecretCipher } from './models/secrets/file-cipher';
import { layeredCipher } from './models/secrets/layered-cipher';
import type { LocalPorts } from './models/local/detect';
import { projectHandlers } from './projects/handlers';
import { ProjectService } from './projects/project-service';
import { ProjectsRepo } from './projects/projects-repo';
import { searchHandlers } from './search/handlers';
import { SearchService } from './search/search-service';
import { settingsHandlers } from './settings/handlers';
import { SettingsRepo } from './settings/settings-repo';
import { SettingsService } from './settings/settings-service';
import { terminalHandlers } from './terminal/handlers';
import { CommandRunner } from './terminal/runner';
import { ProcessLedger } from './terminal/process-ledger';
import { ConfinedRunner } from './sandbox/confined-runner';
import { SandboxService, type SandboxServiceOptions } from './sandbox/sandbox-service';
import { TerminalService } from './terminal/terminal-service';
import { version } from './version';
import type { TrustChange } from '../shared/domain/project';
import type { WorkflowEvent } from '../shared/workflow/run';
import { WorkflowTemplates } from './workflow/global-templates';
import { workflowHandlers } from './workflow/handlers';
import { WorkflowRunViews } from './workflow/run-views';
import { KeptWorktrees } from './workflow/kept-worktrees';
import { RunWorktreeWorkspaces } from './workflow/run-worktrees';
import { workflowWorkspaces } from './workflow/workspace-choice';
import { WorkflowDocuments } from './workflow/workflow-documents';
import { WorkflowService } from './workflow/workflow-service';

export interface BackendOptions {
  readonly dataDir: string;
  readonly host: Host;
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Copy log lines to stderr as well. */
  readonly echoLogs?: boolean;
  /** Check every reply against the contract (tests, development). */
  readonly validateOutputs?: boolean;
  /** Where better-sqlite3's addon is, when not in its usual place. */
  readonly sqliteBinding?: string;
  /** Environment for API keys (ANTHROPIC_API_KEY, OPENAI_API_KEY); defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Model call timing (tests make retries instant and timeouts short). */
  readonly modelTiming?: Partial<ModelTiming>;
  /** Ports probed for local model servers (tests point them at doubles). */
  readonly localModelPorts?: LocalPorts;
  /** MCP server start, restart and call timing (tests make restarts quick). */
  readonly mcpTiming?: Partial<McpTiming>;
  /** No window: agent tool calls that would ask for approval are denied instead (the CLI). */
  readonly unattended?: boolean;
  /** New workflow runs work in the repository itself, not a worktree (`weft run --in-place`). */
  readonly workflowsInPlace?: boolean;
  /** Sandbox detection overrides (tests: a missing bwrap, a planted home). */
  readonly sandbox?: Pick<SandboxServiceOptions, 'bwrapPath' | 'socatPath' | 'home' | 'extraHidden'>;
  /** The home folder browser mode's folder browser starts at and stays in (tests: a temp folder); default: the OS's. */
  readonly home?: string;
  /** Hears every journaled workflow event batch (the CLI's progress). */
  readonly onWorkflowEvents?: (batch: readonly (WorkflowEvent & { runId: string })[]) => void;
}

/** The services Backend.create builds (every field of Backend), handed to its constructor as one object. */
export type BackendParts = {
  readonly [K in keyof Backend as Backend[K] extends (...args: never[]) => unknown ? never : K]: Backend[K];
};

/** Every service of one running Weft, built and wired in one place, disposed in reverse. */
export class Backend {
  readonly router: Router;
  readonly events: EventHub;
  readonly logs: LogService;
  readonly store: Store;
  readonly projects: ProjectService;
  readonly settings: SettingsService;
  readonly files: FileService;
  readonly watch: WatchService;
  readonly git: GitService;
  readonly search: SearchService;
  readonly models: ModelService;
  readonly modelProviders: ProviderRegistry;
  /** Non-interactive commands for agents and workflow steps (invisible; prefer `terminals.run`). */
  readonly runner: CommandRunner;
  /** Terminal tabs: interactive shells and visible command runs. */
  readonly terminals: TerminalService;
  /** MCP servers (built-in and external); opens the tools of an agent run. */
  readonly mcp: McpService;
  /** Git worktrees of agent runs, with checkpoints and the end-of-run review. */
  readonly workspaces: RunWorkspaces;
  /** Agent runs: the loop, the approval policy, the journal. */
  readonly agent: AgentService;
  /** Workflows: validation and runs (the engine and its journal). */
  readonly workflows: WorkflowService;
  /** The UI's view of workflow runs, streamed as events. */
  readonly workflowRuns: WorkflowRunViews;
  /** The OS sandbox that confines what runs execute. */
  readonly sandbox: SandboxService;
  /** The agent fleet: the task board run, validated, landed and watched for conflicts. */
  readonly fleet: FleetService;
  /** What wants the user (tasks, agent runs, workflow runs), as notices for toasts and OS notifications. */
  readonly notifications: AttentionService;

  private constructor(parts: BackendParts) {
    this.router = parts.router;
    this.events = parts.events;
    this.logs = parts.logs;
    this.store = parts.store;
    this.projects = parts.projects;
    this.settings = parts.settings;
    this.files = parts.files;
    this.watch = parts.watch;
    this.git = parts.git;
    this.search = parts.search;
    this.models = parts.models;
    this.modelProviders = parts.modelProviders;
    this.runner = parts.runner;
    this.terminals = parts.terminals;
    this.mcp = parts.mcp;
    this.workspaces = parts.workspaces;
    this.agent = parts.agent;
    this.workflows = parts.workflows;
    this.workflowRuns = parts.workflowRuns;
    this.sandbox = parts.sandbox;
    this.fleet = parts.fleet;
    this.notifications = parts.notifications;
  }

  /** The composition root: constructs services, hands each its collaborators, binds handlers. */
  static create(options: BackendOptions): Backend {
    mkdirSync(options.dataDir, { recursive: true });
    const logs = new LogService({
      dir: join(options.dataDir, 'logs'),
      level: options.logLevel,
      echo: options.echoLogs,
    });
    const log = logs.logger;
    let store: Store;
    try {
      store = Store.open(join(options.dataDir, 'weft.db'), {
        nativeBinding: options.sqliteBinding,
        scrub: (text) => logs.secrets.scrubKnown(text),
        onDamage: (error) => {
          log.error({ code: error.code }, error.message);
          // Runs and journals find damage in the background too; the UI hears it at once.
          events.emit('app.databaseDamaged', { message: error.message });
        },
      });
    } catch (error) {
      log.fatal({ err: error }, 'cannot open the database');
      void logs.dispose();
      throw error;
    }
    const scrub = new OutboundScrub(logs.secrets);
    const events = new EventHub(
      (error) => log.error({ err: error }, 'an event listener failed'),
      (channel, payload) => scrub.event(channel, payload),
    );
    const git = new GitAdapter();
    const settings = new SettingsService(new SettingsRepo(store.db), events, log);
    const projects = new ProjectService(new ProjectsRepo(store.db), git, settings, events, log);
    const files = new FileService(projects, settings, options.host, log);
    const watch = new WatchService(files, log);
    const gitService = new GitService(files, log, (id) => projects.isTrusted(id));
    const search = new SearchService(
      options.dataDir,
      files,
      (status) => events.emit('search.progress', status),
      log,
      options.sqliteBinding,
    );
    watch.onChange((batch) => {
      if (batch.files.length > 0)
        events.emit('files.changed', { projectId: batch.projectId, changes: [...batch.files] });
      if (batch.gitChanged) events.emit('git.changed', { projectId: batch.projectId });
      void search.applyChanges(batch).catch((error: unknown) => log.warn({ err: error }, 'search index update failed'));
    });
    // The exclude list decides what the explorer and search see; rebuild rules when it changes.
    events.on('settings.changed', () => files.reset());
    const modelsRepo = new ModelsRepo(store.db);
    const openFileCipher = () => FileSecretCipher.open(options.dataDir);
    const cipher = options.host.secretCipher
      ? layeredCipher(options.host.secretCipher, openFileCipher)
      : openFileCipher();
    const modelProviders = new ProviderRegistry(
      modelsRepo,
      cipher,
      options.env ?? process.env,
      (secret) => logs.registerSecret(secret),
      events,
      log,
    );
    const prices = new PriceFile(join(options.dataDir, 'model-prices.json'), log);
    const models = new ModelService({
      registry: modelProviders,
      repo: modelsRepo,
      isOffline: () => settings.get().models.offline,
      prices: () => prices.table(),
      secrets: () => logs.knownSecrets(),
      log,
      onUsage: (row) => events.emit('models.usageRecorded', row),
      ...(options.modelTiming ? { timing: options.modelTiming } : {}),
      ...(options.localModelPorts ? { localPorts: options.localModelPorts } : {}),
    });
    // Commands a killed Weft left running (outside a Linux sandbox they do not die with it).
    const ledger = new ProcessLedger(join(options.dataDir, 'processes'), log);
    const reaped = ledger.reapOrphans();
    if (reaped > 0) log.warn({ count: reaped }, 'ended commands left running by an earlier Weft');
    const sandbox = new SandboxService({ dataDir: options.dataDir, log, ...options.sandbox });
    const runner = new CommandRunner(ledger);
    const terminals = new TerminalService({
      projectRoot: (id) => projects.root(id),
      runner,
      events,
      log,
    });
    const mcp = new McpService({
      repo: new McpRepo(store.db),
      cipher,
      registerSecret: (secret) => logs.registerSecret(secret),
      secrets: () => logs.knownSecrets(),
      projectRoot: (id) => projects.root(id),
      isTrusted: (id) => projects.isTrusted(id),
      events,
      log,
      ...(options.mcpTiming ? { timing: options.mcpTiming } : {}),
    });
    projects.onTrustChanged(({ projectId }) => {
      void mcp
        .trustChanged(projectId)
        .catch((error: unknown) => log.warn({ err: error, projectId }, 'mcp servers did not follow a trust change'));
    });
    const workspaces = new RunWorkspaces(join(options.dataDir, 'worktrees'), log);
    const agent = new AgentService({
      repo: new AgentRepo(store.db),
      events,
      log,
      projectRoot: (id) => projects.root(id),
      settings: () => settings.get(),
      models,
      providers: modelProviders,
      tools: mcp,
      workspaces,
      terminals,
      sandbox,
      allowedHosts: (id) => projects.allowedHosts(id),
      isTrusted: (id) => projects.isTrusted(id),
      unattended: options.unattended ?? false,
    });
    // The views read the service lazily: the service streams into them from its first event on.
    const workflowRuns = new WorkflowRunViews(() => workflows, events);
    const workflows = new WorkflowService({
      store,
      projectRoot: (id) => projects.root(id),
      workspaces: workflowWorkspaces(new RunWorktreeWorkspaces(workspaces), {
        inPlace: options.workflowsInPlace ?? false,
      }),
      // Shell steps run in the OS sandbox, the step's worktree the only writable folder.
      runner: new ConfinedRunner(runner, sandbox, (id) => projects.allowedHosts(id)),
      models,
      defaultModel: () => settings.get().models.defaults.quick,
      tools: mcp,
      // An agent step is an agent run inside the workflow's worktree.
      agents: { run: (request) => agent.runStep(request) },
      knownModels: () => new Map(modelProviders.list().map((p) => [p.id, null])),
      knownTools: (projectId) => Promise.resolve(mcp.toolNames(projectId)),
      isTrusted: (projectId) => projects.isTrusted(projectId),
      log,
      // Runs of `weft run` and other Weft windows appear live while a window is connected.
      watchOtherProcesses: () => events.windows() > 0,
      onEvents: (batch) => {
        workflowRuns.ingest(batch);
        options.onWorkflowEvents?.(batch);
      },
    });
    const notifications = new AttentionService({ events, settings, scrub: (text) => logs.secrets.scrubKnown(text) });
    const fleet = new FleetService({
      db: store.db,
      dir: join(options.dataDir, 'fleet'),
      worktreesDir: join(options.dataDir, 'worktrees'),
      agent,
      workflows: workflowRunsPort(workflows),
      projectRoot: (id) => projects.root(id),
      isTrusted: (id) => projects.isTrusted(id),
      run: confinedRun(runner, sandbox, (id) => projects.allowedHosts(id)),
      log,
      onChanged: (change) => events.emit('tasks.changed', change),
      onRadar: (report) => events.emit('tasks.radarChanged', report),
      onAttention: (attention) => notifications.task(attention),
    });
    fleet.startUp();
    // The base branch may move outside Weft (a commit, a pull): the radar follows it.
    events.on('git.changed', ({ projectId }) => fleet.gitChanged(projectId));
    logs.onEntry((entry) => {
      if (entry.level !== 'trace' && entry.level !== 'debug') events.emit('logs.entry', entry);
    });

    const handlers: Handlers = {
      ...appHandlers(options.host, options.dataDir, () => sandbox.status(), options.home),
      ...projectHandlers(projects),
      ...settingsHandlers(settings),
      ...logHandlers(logs),
      ...fileHandlers(files, watch, options.host),
      ...gitHandlers(gitService),
      ...searchHandlers(search),
      ...modelHandlers(models, modelProviders),
      ...terminalHandlers(terminals),
      ...mcpHandlers(mcp),
      ...agentHandlers(agent),
      ...taskHandlers(fleet, new EnvironmentFiles((projectId) => files.forProject(projectId).guard)),
      ...workflowHandlers({
        documents: new WorkflowDocuments((projectId) => files.forProject(projectId).guard),
        service: workflows,
        views: workflowRuns,
        events,
        templates: new WorkflowTemplates(join(options.dataDir, 'workflow-templates'), log),
        kept: new KeptWorktrees(workspaces, workflows, (id) => projects.root(id)),
      }),
    };
    const router = new Router(handlers, log, { validateOutputs: options.validateOutputs, scrub });
    log.info(
      { dataDir: options.dataDir, host: options.host.kind, version, secrets: cipher.kind },
      'weft backend started',
    );
    return new Backend({
      router,
      events,
      logs,
      store,
      projects,
      settings,
      files,
      watch,
      git: gitService,
      search,
      models,
      modelProviders,
      runner,
      terminals,
      mcp,
      workspaces,
      agent,
      workflows,
      workflowRuns,
      sandbox,
      fleet,
      notifications,
    });
  }

  /**
   * Whether a project's own code may run — git hooks, fsmonitor and filter drivers, project MCP
   * servers, setup and check commands, workflows — and agent commands may run without asking.
   * Null trust (not asked yet) is not trusted.
   */
  isTrusted(projectId: string): boolean {
    return this.projects.isTrusted(projectId);
  }

  /** Host names (`*.domain` for subdomains) sandboxed commands of the project may reach; validated, lowercase. */
  allowedHosts(projectId: string): readonly string[] {
    return this.projects.allowedHosts(projectId);
  }

  /** Hears every trust change (the UI's answer, the settings switch, the CLI's trust for its process). */
  onTrustChanged(listener: (change: TrustChange) => void): () => void {
    return this.projects.onTrustChanged(listener);
  }

  private disposed = false;

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Runs stop first: they hold tool sets, terminal runs and worktree operations. Live workflow
    // runs are interrupted (resumable after a restart) and their journal written out.
    await this.fleet.dispose();
    this.notifications.dispose();
    await this.workflows.dispose();
    this.workflowRuns.dispose();
    await this.agent.dispose();
    this.workspaces.dispose();
    await this.mcp.dispose();
    await this.sandbox.dispose();
    await this.watch.dispose();
    await this.search.dispose();
    this.git.dispose();
    this.files.dispose();
    this.models.dispose();
    this.terminals.dispose();
    this.runner.dispose();
    this.projects.dispose();
    this.settings.dispose();
    this.events.dispose();
    this.store.dispose();
    await this.logs.dispose();
  }
}
