import { Worker } from 'node:worker_threads';
import { INDEX_WORKER_SOURCE } from './index-worker-source';

/** A document as the index stores it. */
export interface IndexedDoc {
  readonly path: string;
  readonly body: string;
  readonly mtime: number;
  readonly size: number;
}

export interface ShardWriterOptions {
  readonly file: string;
  /** Absolute path of the better-sqlite3 module, resolved by the caller (the worker has no module context). */
  readonly sqliteModule: string;
  readonly nativeBinding: string | undefined;
  readonly pragmas: readonly string[];
  readonly sql: Readonly<Record<'insertDoc' | 'deleteDoc' | 'upsertMeta' | 'deleteMeta', string>>;
}

type Message =
  | { type: 'put'; docs: readonly IndexedDoc[]; fresh: boolean }
  | { type: 'remove'; paths: readonly string[] }
  | { type: 'close' };

/**
 * Writes one index shard from a worker thread, so FTS5's tokenizing (the index build's
 * real cost) runs beside the main thread and the other shard instead of blocking IPC.
 */
export class ShardWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;

  constructor(options: ShardWriterOptions) {
    this.worker = new Worker(INDEX_WORKER_SOURCE, {
      eval: true,
      workerData: {
        file: options.file,
        sqliteModule: options.sqliteModule,
        nativeBinding: options.nativeBinding,
        pragmas: options.pragmas,
        sql: options.sql,
      },
    });
    this.worker.on('message', (m: { id: number; ok: boolean; message?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) waiter?.resolve();
      else waiter?.reject(new Error(m.message ?? 'index write failed'));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.fail(new Error(`the index writer stopped (exit code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private send(message: Message): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  put(docs: readonly IndexedDoc[], fresh: boolean): Promise<void> {
    return docs.length === 0 ? Promise.resolve() : this.send({ type: 'put', docs, fresh });
  }

  remove(paths: readonly string[]): Promise<void> {
    return paths.length === 0 ? Promise.resolve() : this.send({ type: 'remove', paths });
  }

  /** Finishes queued writes, closes the connection and ends the thread. */
  async dispose(): Promise<void> {
    await this.send({ type: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
