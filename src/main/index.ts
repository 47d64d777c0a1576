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
import { projectHandlers } from './projects/handlers';
import { ProjectService } from './projects/project-service';
import { ProjectsRepo } from './projects/projects-repo';
import { settingsHandlers } from './settings/handlers';
import { SettingsRepo } from './settings/settings-repo';
import { SettingsService } from './settings/settings-service';
import { terminalHandlers } from './terminal/handlers';
import { CommandRunner } from './terminal/runner';
import { TerminalService } from './terminal/terminal-service';
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
    /** Non-interactive commands for agents and workflow steps (invisible; prefer `terminals.run`). */
    readonly runner: CommandRunner,
    /** Terminal tabs: interactive shells and visible command runs. */
    readonly terminals: TerminalService,
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
    const runner = new CommandRunner();
    const terminals = new TerminalService({
      projectRoot: (id) => projects.rootOf(id),
      runner,
      events,
      log,
    });
    logs.onEntry((entry) => {
      if (entry.level !== 'trace' && entry.level !== 'debug') events.emit('logs.entry', entry);
    });

    const handlers: Handlers = {
      ...appHandlers(options.host, options.dataDir),
      ...projectHandlers(projects),
      ...settingsHandlers(settings),
      ...logHandlers(logs),
      ...terminalHandlers(terminals),
    };
    const router = new Router(handlers, log, { validateOutputs: options.validateOutputs });
    log.info({ dataDir: options.dataDir, host: options.host.kind, version }, 'weft backend started');
    return new Backend(router, events, logs, store, projects, settings, runner, terminals);
  }

  async dispose(): Promise<void> {
    this.terminals.dispose();
    this.runner.dispose();
    this.projects.dispose();
    this.settings.dispose();
    this.events.dispose();
    this.store.dispose();
    await this.logs.dispose();
  }
}
