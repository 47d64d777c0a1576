import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { trigramQuery } from './matcher';
import { ShardWriter, type IndexedDoc } from './shard-writer';

// Shards, each written by its own worker: FTS5 tokenizing is single-threaded per connection,
// so this is what lets the build use every core. Measured on 2 cores and 100k files: two shards
// 21.7 MB/s, four 24.3-25.9 MB/s (smaller shards keep FTS5's segment merges cheap).
const SHARDS = 4;

/** The full-text table of every shard (also the index-build benchmark's baseline table). */
export const DOCS_TABLE_SQL =
  "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(path UNINDEXED, body, tokenize = 'trigram case_sensitive 0', detail = none)";
/** Set on a shard file before its tables exist. */
export const SHARD_FILE_PRAGMAS = ['page_size = 16384', 'journal_mode = WAL'] as const;
/** Set by each shard's writer connection. */
export const SHARD_WRITER_PRAGMAS = ['synchronous = OFF', 'cache_size = -16384'] as const;

const SQL = {
  insertDoc: 'INSERT INTO docs (path, body) VALUES (?, ?)',
  deleteDoc: 'DELETE FROM docs WHERE rowid = (SELECT rowid_ref FROM meta WHERE path = ?)',
  upsertMeta:
    'INSERT INTO meta (path, rowid_ref, mtime, size) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET rowid_ref = excluded.rowid_ref, mtime = excluded.mtime, size = excluded.size',
  deleteMeta: 'DELETE FROM meta WHERE path = ?',
} as const;

/** Where better-sqlite3 lives, for worker threads that have no module context of their own. */
const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

function shardOf(path: string): number {
  let h = 0;
  for (let i = 0; i < path.length; i++) h = (h * 31 + path.charCodeAt(i)) | 0;
  return Math.abs(h) % SHARDS;
}

/**
 * One project's full-text index: SQLite files with an FTS5 table using the trigram
 * tokenizer, so any substring of three or more characters (identifiers, symbols) matches.
 * `detail=none` keeps no positions: it indexes twice as fast and half as big, and since
 * every candidate is checked line by line anyway, a superset of candidates costs little.
 * Reads happen here on the main thread; writes go to one worker per shard (WAL lets both run).
 */
export class SearchIndex {
  private readonly readers: Database.Database[] = [];
  private readonly writers: ShardWriter[] = [];

  /** `base` is the file name without extension; shards are `<base>.<n>.db`. */
  constructor(base: string, nativeBinding?: string) {
    for (let n = 0; n < SHARDS; n++) {
      const file = `${base}.${n}.db`;
      const db = new Database(file, nativeBinding ? { nativeBinding } : {});
      // 16 KB pages (set before the tables exist) and a large cache measured ~30 -> ~44 MB/s.
      // The index can always be rebuilt from the files, so it need not survive a power cut.
      for (const pragma of SHARD_FILE_PRAGMAS) db.pragma(pragma);
      db.exec(`
        ${DOCS_TABLE_SQL};
        CREATE TABLE IF NOT EXISTS meta (path TEXT PRIMARY KEY, rowid_ref INTEGER NOT NULL, mtime REAL NOT NULL, size INTEGER NOT NULL);
      `);
      this.readers.push(db);
      this.writers.push(
        new ShardWriter({
          file,
          sqliteModule,
          nativeBinding,
          pragmas: ['busy_timeout = 10000', ...SHARD_WRITER_PRAGMAS],
          sql: SQL,
        }),
      );
    }
  }

  /**
   * Writes documents, each to its shard, one transaction per shard.
   * `fresh` skips looking for an older copy, for files the index has never seen.
   */
  async putMany(docs: readonly IndexedDoc[], fresh = false): Promise<void> {
    const byShard: IndexedDoc[][] = Array.from({ length: SHARDS }, () => []);
    for (const d of docs) byShard[shardOf(d.path)]!.push(d);
    await Promise.all(this.writers.map((w, n) => w.put(byShard[n]!, fresh)));
  }

  async removeMany(paths: readonly string[]): Promise<void> {
    const byShard: string[][] = Array.from({ length: SHARDS }, () => []);
    for (const p of paths) byShard[shardOf(p)]!.push(p);
    await Promise.all(this.writers.map((w, n) => w.remove(byShard[n]!)));
  }

  /** mtime of every indexed file, to skip unchanged files when the index is refreshed. */
  known(): Map<string, number> {
    const out = new Map<string, number>();
    for (const db of this.readers) {
      for (const r of db.prepare('SELECT path, mtime FROM meta').all() as { path: string; mtime: number }[]) {
        out.set(r.path, r.mtime);
      }
    }
    return out;
  }

  /** Documents containing `literal` (3+ characters, any case), or every document when null. */
  *candidates(literal: string | null): Generator<{ path: string; body: string }> {
    for (const db of this.readers) {
      const rows =
        literal === null
          ? db.prepare('SELECT path, body FROM docs').iterate()
          : db.prepare('SELECT path, body FROM docs WHERE docs MATCH ?').iterate(trigramQuery(literal));
      for (const row of rows as IterableIterator<{ path: string; body: string }>) yield row;
    }
  }

  size(): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (const db of this.readers) {
      const row = db.prepare('SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM meta').get() as {
        files: number;
        bytes: number;
      };
      files += row.files;
      bytes += row.bytes;
    }
    return { files, bytes };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.dispose()));
    for (const db of this.readers) if (db.open) db.close();
  }
}
