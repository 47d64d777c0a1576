import watcher, { type AsyncSubscription, type Event } from '@parcel/watcher';
import type { FileChange } from '../../shared/domain/files';
import type { Logger } from '../logging/logger';
import type { FileService } from './file-service';

/** What one batch of changes in a project looks like to listeners inside main. */
export interface ChangeBatch {
  readonly projectId: string;
  /** Changes to the working tree (ignored-by-user paths and .git left out). */
  readonly files: readonly FileChange[];
  /** True when git's own state moved (HEAD, index, refs): status and branches are stale. */
  readonly gitChanged: boolean;
}

type Listener = (batch: ChangeBatch) => void;

// Batching keeps a `git checkout` of thousands of files from becoming thousands of events.
const BATCH_MS = 75;

/**
 * Watches open projects with @parcel/watcher (native, recursive, cheap on large trees) and
 * delivers batched changes to the explorer, editors, git panel and search index.
 */
export class WatchService {
  private readonly subscriptions = new Map<string, Promise<AsyncSubscription | null>>();
  private readonly pending = new Map<string, { files: Map<string, FileChange>; git: boolean; timer: NodeJS.Timeout }>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly files: FileService,
    private readonly log: Logger,
  ) {}

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching a project (once); resolves when the watcher is live. */
  async watch(projectId: string): Promise<void> {
    let sub = this.subscriptions.get(projectId);
    if (!sub) {
      const { guard } = this.files.forProject(projectId);
      sub = watcher
        .subscribe(guard.root, (error, events) => this.receive(projectId, error, events), {
          ignore: ['.git/objects', '.git/logs', 'node_modules/.cache'],
        })
        .catch((error: unknown) => {
          // Without a watcher the UI still works; it refreshes on its own actions only.
          this.log.warn({ projectId, err: error }, 'cannot watch the project folder');
          return null;
        });
      this.subscriptions.set(projectId, sub);
    }
    await sub;
  }

  private receive(projectId: string, error: Error | null, events: Event[]): void {
    if (error) {
      this.log.warn({ projectId, err: error }, 'file watcher error');
      return;
    }
    let files: ReturnType<FileService['forProject']>;
    try {
      files = this.files.forProject(projectId);
    } catch {
      return;
    }
    let batch = this.pending.get(projectId);
    if (!batch) {
      batch = { files: new Map(), git: false, timer: setTimeout(() => this.flush(projectId), BATCH_MS) };
      this.pending.set(projectId, batch);
    }
    for (const event of events) {
      const rel = files.guard.relative(event.path);
      if (rel === '.git' || rel.startsWith('.git/')) {
        batch.git = true;
        continue;
      }
      if (rel.endsWith('.gitignore')) files.ignore.invalidate(rel.split('/').slice(0, -1).join('/'));
      if (files.ignore.isExcluded(rel, false)) continue;
      batch.files.set(rel, { path: rel, type: event.type });
    }
  }

  private flush(projectId: string): void {
    const batch = this.pending.get(projectId);
    this.pending.delete(projectId);
    if (!batch || (batch.files.size === 0 && !batch.git)) return;
    const out: ChangeBatch = {
      projectId,
      files: [...batch.files.values()],
      gitChanged: batch.git || batch.files.size > 0,
    };
    for (const listener of this.listeners) {
      try {
        listener(out);
      } catch (error) {
        this.log.error({ err: error }, 'a file-change listener failed');
      }
    }
  }

  async unwatch(projectId: string): Promise<void> {
    const sub = await this.subscriptions.get(projectId);
    this.subscriptions.delete(projectId);
    // inotify drops the watch of a deleted folder itself; @parcel/watcher then fails to remove it
    // again (EINVAL). The watch is gone either way, so closing the project must not fail on it.
    await sub?.unsubscribe().catch((error: unknown) => {
      this.log.warn({ projectId, err: error }, 'the file watcher did not stop cleanly');
    });
  }

  async dispose(): Promise<void> {
    for (const batch of this.pending.values()) clearTimeout(batch.timer);
    this.pending.clear();
    this.listeners.clear();
    await Promise.all([...this.subscriptions.keys()].map((id) => this.unwatch(id)));
  }
}
