import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WeftError } from '../shared/ipc/errors';
import { Store } from './db/client';
import { GitAdapter } from './git/git-adapter';
import type { Host } from './host';
import { EventHub } from './ipc/events';
import { Router, type Handlers } from './ipc/router';
import { LogService } from './logging/logger';
import { ProjectService } from './projects/project-service';
import { ProjectsRepo } from './projects/projects-repo';
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
    logs.onEntry((entry) => {
      if (entry.level !== 'trace' && entry.level !== 'debug') events.emit('logs.entry', entry);
    });

    const { host } = options;
    const handlers: Handlers = {
      'app.info': () => ({
        version,
        host: host.kind,
        platform: process.platform,
        dataDir: options.dataDir,
        capabilities: {
          pickFolder: host.pickFolder !== undefined,
          revealInOs: host.revealInOs !== undefined,
          dropFolders: host.dropFolders,
        },
      }),
      'app.pickFolder': async () => {
        if (!host.pickFolder)
          throw new WeftError('unsupported', 'This window cannot show a folder picker; type the path instead.');
        return { path: await host.pickFolder() };
      },
      'app.openExternal': async ({ url }) => {
        if (!host.openExternal) throw new WeftError('unsupported', 'Open this link from your browser.');
        await host.openExternal(url);
        return null;
      },
      'projects.open': ({ path }) => projects.open(path),
      'projects.recent': () => projects.recent(),
      'projects.reopenLast': () => projects.reopenLast(),
      'projects.forget': async ({ id }) => {
        await projects.forget(id);
        return null;
      },
      'projects.initGit': ({ id }) => projects.initGit(id),
      'settings.get': () => settings.get(),
      'settings.update': (patch) => settings.update(patch),
      'logs.recent': ({ limit }) => logs.recent(limit),
    };
    const router = new Router(handlers, log, { validateOutputs: options.validateOutputs });
    log.info({ dataDir: options.dataDir, host: host.kind, version }, 'weft backend started');
    return new Backend(router, events, logs, store, projects, settings);
  }

  async dispose(): Promise<void> {
    this.projects.dispose();
    this.settings.dispose();
    this.events.dispose();
    this.store.dispose();
    await this.logs.dispose();
  }
}
