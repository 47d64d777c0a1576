import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appHandlers } from './app-handlers';
import { Store } from './db/client';
import { GitAdapter } from './git/git-adapter';
import type { Host } from './host';
import { EventHub } from './ipc/events';
import { Router, type Handlers } from './ipc/router';
import { LogService } from './logging/logger';
import { logHandlers } from './logging/handlers';
import { modelHandlers } from './models/handlers';
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
import { settingsHandlers } from './settings/handlers';
import { SettingsRepo } from './settings/settings-repo';
import { SettingsService } from './settings/settings-service';
import { version } from './version';

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
}

/** Every service of one running Weft, built and wired in one place, disposed in reverse. */
export class Backend {
  private constructor(
    readonly router: Router,
    readonly events: EventHub,
    readonly logs: LogService,
    readonly store: Store,
    readonly projects: ProjectService,
    readonly settings: SettingsService,
    readonly models: ModelService,
    readonly modelProviders: ProviderRegistry,
  ) {}

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
      store = Store.open(join(options.dataDir, 'weft.db'), { nativeBinding: options.sqliteBinding });
    } catch (error) {
      log.fatal({ err: error }, 'cannot open the database');
      void logs.dispose();
      throw error;
    }
    const events = new EventHub((error) => log.error({ err: error }, 'an event listener failed'));
    const git = new GitAdapter();
    const settings = new SettingsService(new SettingsRepo(store.db), events, log);
    const projects = new ProjectService(new ProjectsRepo(store.db), git, settings, events, log);
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
    logs.onEntry((entry) => {
      if (entry.level !== 'trace' && entry.level !== 'debug') events.emit('logs.entry', entry);
    });

    const handlers: Handlers = {
      ...appHandlers(options.host, options.dataDir),
      ...projectHandlers(projects),
      ...settingsHandlers(settings),
      ...logHandlers(logs),
      ...modelHandlers(models, modelProviders),
    };
    const router = new Router(handlers, log, { validateOutputs: options.validateOutputs });
    log.info(
      { dataDir: options.dataDir, host: options.host.kind, version, secrets: cipher.kind },
      'weft backend started',
    );
    return new Backend(router, events, logs, store, projects, settings, models, modelProviders);
  }

  async dispose(): Promise<void> {
    this.models.dispose();
    this.projects.dispose();
    this.settings.dispose();
    this.events.dispose();
    this.store.dispose();
    await this.logs.dispose();
  }
}
