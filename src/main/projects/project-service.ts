import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { checkAllowedHost } from '../../shared/domain/allowed-hosts';
import type { FolderTrust, Project, TrustChange } from '../../shared/domain/project';
import { WeftError } from '../../shared/ipc/errors';
import type { GitAdapter } from '../git/git-adapter';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import { resolveProjectFolder } from './folder';
import type { ProjectRow, ProjectsRepo } from './projects-repo';

const RECENT_LIMIT = 15;

export interface OpenOptions {
  /**
   * Counts the folder as trusted for the life of this process without recording it: the CLI,
   * where naming the folder on the command line is the user's explicit choice.
   */
  readonly trustForSession?: boolean;
}

/**
 * Opening folders, the recent list, turning a plain folder into a repository, and each folder's
 * trust and allowed hosts (what other services ask before running anything the repository defines).
 */
export class ProjectService {
  /** Projects trusted for this process only (see OpenOptions.trustForSession). */
  private readonly sessionTrusted = new Set<string>();

  constructor(
    private readonly repo: ProjectsRepo,
    private readonly git: GitAdapter,
    private readonly settings: SettingsService,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens a folder: validates it, records it as the newest recent project, and describes it. */
  async open(inputPath: string, options: OpenOptions = {}): Promise<Project> {
    const path = await resolveProjectFolder(inputPath);
    const at = this.now();
    let row = this.repo.byPath(path);
    if (row) {
      this.repo.touch(row.id, at);
      row = { ...row, lastOpenedAt: at };
    } else {
      row = {
        id: randomBytes(9).toString('base64url'),
        path,
        name: basename(path) || path,
        createdAt: at,
        lastOpenedAt: at,
        trust: null,
        allowedHosts: [],
      };
      this.repo.insert(row);
    }
    if (options.trustForSession) this.trustForSession(row.id);
    this.log.info({ projectId: row.id, trust: row.trust }, 'project opened');
    const project = await this.describe(row);
    await this.publishRecent();
    return project;
  }

  async recent(): Promise<Project[]> {
    return Promise.all(this.repo.recent(RECENT_LIMIT).map((row) => this.describe(row)));
  }

  /** The newest recent project, when the setting asks for it and the folder is still there. */
  async reopenLast(): Promise<Project | null> {
    if (!this.settings.get().reopenLastProject) return null;
    const [last] = this.repo.recent(1);
    if (!last || !existsSync(last.path)) return null;
    try {
      return await this.open(last.path);
    } catch (error) {
      // A folder that became unreadable stays in the list, where opening it explains why.
      this.log.warn({ projectId: last.id, err: error }, 'could not reopen the last project');
      return null;
    }
  }

  async forget(id: string): Promise<void> {
    this.repo.delete(id);
    this.sessionTrusted.delete(id);
    await this.publishRecent();
  }

  /** The folder of a project in the recent list. */
  root(id: string): string {
    const row = this.repo.byId(id);
    if (!row) throw new WeftError('project_not_found', 'That project is no longer in the recent list.');
    return row.path;
  }

  /** Runs `git init` in a project that is not yet a repository. */
  async initGit(id: string): Promise<Project> {
    const row = this.repo.byId(id);
    if (!row) throw new WeftError('project_not_found', 'That project is no longer in the recent list.');
    const info = await this.git.inspect(row.path);
    if (info.isRepo) throw new WeftError('already_a_git_repository', `${row.path} is already inside a git repository.`);
    try {
      await this.git.init(row.path);
    } catch (error) {
      this.log.error({ projectId: id, err: error }, 'git init failed');
      throw new WeftError('git_failed', `git init failed in ${row.path}. Is git installed and on the PATH?`);
    }
    const project = await this.describe(row);
    await this.publishRecent();
    return project;
  }

  // ---- trust

  /** The user's recorded answer for the folder; null when not asked yet (or unknown). */
  trust(id: string): FolderTrust {
    return this.repo.byId(id)?.trust ?? null;
  }

  /** Whether the repository's own code may run: trusted by the user, or for this process. Null is not trusted. */
  isTrusted(id: string): boolean {
    return this.sessionTrusted.has(id) || this.repo.byId(id)?.trust === 'trusted';
  }

  /** Records the user's choice for the folder and tells every listener. */
  async setTrust(id: string, trusted: boolean): Promise<Project> {
    const row = this.row(id);
    const trust = trusted ? 'trusted' : 'restricted';
    this.repo.setTrust(id, trust);
    // Restricting wins over a trust given only for this process.
    if (!trusted) this.sessionTrusted.delete(id);
    this.log.info({ projectId: id, trust }, 'folder trust changed');
    this.emitTrust(id);
    const project = await this.describe({ ...row, trust });
    await this.publishRecent();
    return project;
  }

  /** Trusts a project until this process ends, without recording it (see OpenOptions.trustForSession). */
  trustForSession(id: string): void {
    this.row(id);
    if (this.sessionTrusted.has(id)) return;
    this.sessionTrusted.add(id);
    this.emitTrust(id);
  }

  /** Hears every change of a project's trust; returns the unsubscribe. */
  onTrustChanged(listener: (change: TrustChange) => void): () => void {
    return this.events.on('projects.trustChanged', listener);
  }

  /** Hosts sandboxed commands of the project may reach; empty for an unknown project. */
  allowedHosts(id: string): readonly string[] {
    return this.repo.byId(id)?.allowedHosts ?? [];
  }

  /** Replaces the allowed hosts after checking each (see checkAllowedHost); duplicates are dropped. */
  async setAllowedHosts(id: string, hosts: readonly string[]): Promise<Project> {
    const row = this.row(id);
    const clean: string[] = [];
    for (const host of hosts) {
      const check = checkAllowedHost(host);
      if (!check.ok) throw new WeftError('invalid_input', check.reason);
      if (!clean.includes(check.host)) clean.push(check.host);
    }
    this.repo.setAllowedHosts(id, clean);
    this.log.info({ projectId: id, hosts: clean }, 'allowed hosts changed');
    this.events.emit('projects.allowedHostsChanged', { projectId: id, hosts: clean });
    const project = await this.describe({ ...row, allowedHosts: clean });
    await this.publishRecent();
    return project;
  }

  private emitTrust(id: string): void {
    this.events.emit('projects.trustChanged', { projectId: id, trust: this.trust(id), trusted: this.isTrusted(id) });
  }

  private row(id: string): ProjectRow {
    const row = this.repo.byId(id);
    if (!row) throw new WeftError('project_not_found', 'That project is no longer in the recent list.');
    return row;
  }

  private async describe(row: ProjectRow): Promise<Project> {
    const info = existsSync(row.path) ? await this.git.inspect(row.path) : { isRepo: false, branch: null };
    return {
      id: row.id,
      path: row.path,
      name: row.name,
      isGitRepo: info.isRepo,
      branch: info.branch,
      lastOpenedAt: row.lastOpenedAt,
      trust: row.trust,
      trusted: this.sessionTrusted.has(row.id) || row.trust === 'trusted',
      allowedHosts: row.allowedHosts,
    };
  }

  private async publishRecent(): Promise<void> {
    this.events.emit('projects.recentChanged', await this.recent());
  }

  dispose(): void {
    // Holds no resources of its own; the store and git adapter are disposed by their owner.
  }
}
