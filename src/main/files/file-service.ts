import { lstat } from 'node:fs/promises';
import { MAX_EDITABLE_BYTES, type DirEntry, type FileContent } from '../../shared/domain/files';
import { WeftError } from '../../shared/ipc/errors';
import type { Host } from '../host';
import type { Logger } from '../logging/logger';
import type { ProjectService } from '../projects/project-service';
import type { SettingsService } from '../settings/settings-service';
import { IgnoreRules } from './ignore-rules';
import { PathGuard } from './path-guard';
import { decodeText, detectEncoding, encodeText, type TextEncoding } from './text-codec';
import { entryKind, entryPath, moveVerified, openEntry, removeVerified } from './verified-entries';
import { listVerified, openDir, readVerified, writeVerified } from './verified-fs';

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
    const dirents = await listVerified(guard, abs, dir || '.');
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
    const { guard } = this.forProject(projectId);
    const abs = await guard.resolve(path);
    // Large files show their first part read-only; reading all of a 2 GB log would stall main.
    const { bytes, info } = await readVerified(guard, abs, path, MAX_EDITABLE_BYTES);
    const readOnly = info.size > MAX_EDITABLE_BYTES;
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
    const { guard } = this.forProject(projectId);
    const abs = await guard.resolve(path);
    if (encoding.name === 'binary') throw new WeftError('invalid_input', 'Binary files cannot be saved as text.');
    const info = await writeVerified(guard, abs, path, encodeText(content, encoding), { expectedMtimeMs });
    return { mtimeMs: info.mtimeMs };
  }

  async create(projectId: string, path: string, kind: 'file' | 'dir'): Promise<void> {
    const { guard } = this.forProject(projectId);
    const abs = await guard.resolve(path);
    if (kind === 'file') {
      await writeVerified(guard, abs, path, '', { exclusive: true, mkdirs: true });
      return;
    }
    if (await exists(abs)) throw new WeftError('already_exists', `${path} already exists.`);
    await (await openDir(guard, abs, path, 'create', true)).close();
  }

  async rename(projectId: string, from: string, to: string): Promise<void> {
    const { guard } = this.forProject(projectId);
    // The UI renames what it shows; a link that leads out is refused as before, not moved.
    await guard.resolve(from);
    await guard.resolve(to);
    await moveVerified(guard, from, to);
  }

  /** Moves to the OS trash where the host has one (desktop); otherwise deletes (the UI confirmed). */
  async delete(projectId: string, path: string): Promise<{ trashed: boolean }> {
    const { guard } = this.forProject(projectId);
    await guard.resolve(path);
    if (this.host.trashItem) {
      const entry = await openEntry(guard, path, 'delete');
      try {
        if ((await entryKind(entry)) === null) throw new WeftError('path_not_found', `${path} does not exist.`);
        // The trash takes a name, not a descriptor: the folder was checked just now, and what
        // is moved is the user's own choice from the UI, recoverable from the trash.
        await this.host.trashItem(entryPath(entry));
      } finally {
        await entry.dir.close();
      }
      return { trashed: true };
    }
    await removeVerified(guard, path, true);
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
