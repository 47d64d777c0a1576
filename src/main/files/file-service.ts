import { lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MAX_EDITABLE_BYTES, type DirEntry, type FileContent } from '../../shared/domain/files';
import { WeftError } from '../../shared/ipc/errors';
import type { Host } from '../host';
import type { Logger } from '../logging/logger';
import type { ProjectService } from '../projects/project-service';
import type { SettingsService } from '../settings/settings-service';
import { IgnoreRules } from './ignore-rules';
import { PathGuard } from './path-guard';
import { decodeText, detectEncoding, encodeText, type TextEncoding } from './text-codec';

/** Per open project: where it is, and what it hides. */
export interface ProjectFiles {
  readonly guard: PathGuard;
  readonly ignore: IgnoreRules;
}

/** Reading and changing files of a project, every path checked by the project's PathGuard. */
export class FileService {
  private readonly projects = new Map<string, ProjectFiles>();

  constructor(
    private readonly projectService: ProjectService,
    private readonly settings: SettingsService,
    private readonly host: Host,
    private readonly log: Logger,
  ) {}

  /** The guard and ignore rules of a project, created on first use. */
  forProject(projectId: string): ProjectFiles {
    let files = this.projects.get(projectId);
    if (!files) {
      const root = this.projectService.root(projectId);
      let guard: PathGuard;
      try {
        guard = new PathGuard(root);
      } catch {
        throw new WeftError('path_not_found', `The project folder ${root} no longer exists.`);
      }
      files = { guard, ignore: new IgnoreRules(guard.root, this.settings.get().explorer.exclude) };
      this.projects.set(projectId, files);
    }
    return files;
  }

  /** One folder's entries, folders first, each name sorted as people read them. */
  async list(projectId: string, dir: string): Promise<DirEntry[]> {
    const { guard, ignore } = this.forProject(projectId);
    const abs = dir === '' ? guard.root : await guard.resolve(dir);
    const rel = guard.relative(abs);
    await ignore.prepare(rel);
    let dirents;
    try {
      dirents = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      throw fsError(error, dir);
    }
    const entries: DirEntry[] = [];
    for (const d of dirents) {
      const path = rel === '' ? d.name : `${rel}/${d.name}`;
      const kind = d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'symlink' : 'file';
      // The user's exclude list hides; .gitignore only dims, as in VS Code.
      if (ignore.isExcluded(path, kind === 'dir')) continue;
      entries.push({ name: d.name, path, kind, ignored: ignore.isGitIgnored(path, kind === 'dir') });
    }
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    return entries.sort((a, b) =>
      a.kind === 'dir' && b.kind !== 'dir'
        ? -1
        : b.kind === 'dir' && a.kind !== 'dir'
          ? 1
          : collator.compare(a.name, b.name),
    );
  }

  async read(projectId: string, path: string): Promise<FileContent> {
    const abs = await this.forProject(projectId).guard.resolve(path);
    let info;
    try {
      info = await stat(abs);
    } catch (error) {
      throw fsError(error, path);
    }
    if (!info.isFile()) throw new WeftError('not_a_file', `${path} is not a file.`);
    const readOnly = info.size > MAX_EDITABLE_BYTES;
    // Large files show their first part read-only; reading all of a 2 GB log would stall main.
    const limit = readOnly ? MAX_EDITABLE_BYTES : info.size;
    const bytes = Buffer.alloc(limit);
    const handle = await open(abs, 'r');
    try {
      await handle.read(bytes, 0, limit, 0);
    } finally {
      await handle.close();
    }
    const encoding = detectEncoding(bytes);
    const base = { path, size: info.size, mtimeMs: info.mtimeMs, readOnly };
    if (!encoding) return { ...base, kind: 'binary', content: '', encoding: { name: 'binary', bom: false } };
    return { ...base, kind: 'text', content: decodeText(bytes, encoding), encoding };
  }

  /**
   * Saves text in the file's own encoding. When `expectedMtimeMs` is given and the file
   * changed on disk since it was read, nothing is written: the user decides.
   */
  async write(
    projectId: string,
    path: string,
    content: string,
    encoding: TextEncoding,
    expectedMtimeMs: number | null,
  ): Promise<{ mtimeMs: number }> {
    const abs = await this.forProject(projectId).guard.resolve(path);
    if (expectedMtimeMs !== null) {
      const current = await stat(abs).catch(() => null);
      if (current && Math.abs(current.mtimeMs - expectedMtimeMs) > 1) {
        throw new WeftError('file_changed_on_disk', `${path} changed on disk since it was opened.`);
      }
    }
    if (encoding.name === 'binary') throw new WeftError('invalid_input', 'Binary files cannot be saved as text.');
    await writeFile(abs, encodeText(content, encoding));
    return { mtimeMs: (await stat(abs)).mtimeMs };
  }

  async create(projectId: string, path: string, kind: 'file' | 'dir'): Promise<void> {
    const abs = await this.forProject(projectId).guard.resolve(path);
    if (await exists(abs)) throw new WeftError('already_exists', `${path} already exists.`);
    await mkdir(kind === 'dir' ? abs : dirname(abs), { recursive: true });
    if (kind === 'file') await writeFile(abs, '', { flag: 'wx' });
  }

  async rename(projectId: string, from: string, to: string): Promise<void> {
    const { guard } = this.forProject(projectId);
    const src = await guard.resolve(from);
    const dst = await guard.resolve(to);
    if (src === guard.root) throw new WeftError('invalid_input', 'The project folder itself cannot be renamed here.');
    if (!(await exists(src))) throw new WeftError('path_not_found', `${from} does not exist.`);
    if (await exists(dst)) throw new WeftError('already_exists', `${to} already exists.`);
    await mkdir(dirname(dst), { recursive: true });
    await rename(src, dst);
  }

  /** Moves to the OS trash where the host has one (desktop); otherwise deletes (the UI confirmed). */
  async delete(projectId: string, path: string): Promise<{ trashed: boolean }> {
    const { guard } = this.forProject(projectId);
    const abs = await guard.resolve(path);
    if (abs === guard.root) throw new WeftError('invalid_input', 'The project folder itself cannot be deleted here.');
    if (!(await exists(abs))) throw new WeftError('path_not_found', `${path} does not exist.`);
    if (this.host.trashItem) {
      await this.host.trashItem(abs);
      return { trashed: true };
    }
    await rm(abs, { recursive: true, force: false });
    this.log.info({ projectId }, 'deleted a path permanently (no trash in this host)');
    return { trashed: false };
  }

  /** Forget cached rules, e.g. after a .gitignore or the exclude setting changed. */
  reset(projectId?: string): void {
    if (projectId) this.projects.delete(projectId);
    else this.projects.clear();
  }

  dispose(): void {
    this.projects.clear();
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

function fsError(error: unknown, path: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return new WeftError('path_not_found', `${path} does not exist.`);
    case 'ENOTDIR':
      return new WeftError('not_a_directory', `${path} is not a folder.`);
    case 'EACCES':
    case 'EPERM':
      return new WeftError('permission_denied', `Weft may not read ${path}.`);
    default:
      return error;
  }
}
