import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Project } from '../../shared/domain/project';
import { WeftError } from '../../shared/ipc/errors';
import type { GitAdapter } from '../git/git-adapter';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import type { SettingsService } from '../settings/settings-service';
import { resolveProjectFolder } from './folder';
import type { ProjectRow, ProjectsRepo } from './projects-repo';

const RECENT_LIMIT = 15;

/** Opening folders, the recent list, and turning a plain folder into a repository. */
export class ProjectService {
  constructor(
    private readonly repo: ProjectsRepo,
    private readonly git: GitAdapter,
    private readonly settings: SettingsService,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens a folder: validates it, records it as the newest recent project, and describes it. */
  async open(inputPath: string): Promise<Project> {
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
      };
      this.repo.insert(row);
    }
    this.log.info({ projectId: row.id }, 'project opened');
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
    await this.publishRecent();
  }

  /** The folder of a known project, for services that work inside it (terminals, runs). */
  rootOf(id: string): string {
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

  private async describe(row: ProjectRow): Promise<Project> {
    const info = existsSync(row.path) ? await this.git.inspect(row.path) : { isRepo: false, branch: null };
    return {
      id: row.id,
      path: row.path,
      name: row.name,
      isGitRepo: info.isRepo,
      branch: info.branch,
      lastOpenedAt: row.lastOpenedAt,
    };
  }

  private async publishRecent(): Promise<void> {
    this.events.emit('projects.recentChanged', await this.recent());
  }

  dispose(): void {
    // Holds no resources of its own; the store and git adapter are disposed by their owner.
  }
}
