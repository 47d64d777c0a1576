import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { WeftError } from '../../shared/ipc/errors';
import { DamageGuard, isDamage, type GuardOptions } from './damage-guard';
import { migrations as knownMigrations, type Migration } from './migrations';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenOptions {
  /** Stop after this many migrations (tests of a single migration); defaults to all. */
  readonly targetVersion?: number;
  readonly migrations?: readonly Migration[];
  /** A better-sqlite3 addon built for another runtime (the desktop app in a dev checkout). */
  readonly nativeBinding?: string;
  /** Hides secrets in text before it is written (see DamageGuard). */
  readonly scrub?: GuardOptions['scrub'];
  /** Hears the first sign of damage after the file was opened; Weft stops writing from then on. */
  readonly onDamage?: GuardOptions['onDamage'];
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Tables of configuration the user edits (and ciphertext): written as given. A value also
 * registered as a secret (a key pasted into an MCP server's args as well as its env) must not
 * come back from the database as `[redacted]` and break the server; scrubbing is for journals,
 * usage rows and errors, whose text came from servers and models.
 */
const configTables = ['projects', 'settings', 'model_providers', 'prompt_templates', 'mcp_servers', 'agent_rules'];

/** A SQLite file with its drizzle handle; close it with `dispose()`. */
export class Store {
  private constructor(
    readonly sqlite: Database.Database,
    readonly db: Db,
    readonly file: string,
    private readonly guard: DamageGuard,
    private readonly nativeBinding: string | undefined,
  ) {}

  /**
   * Opens (or creates) the database and brings its schema up to date in one
   * transaction. A damaged file or one from a newer Weft is refused and left as it is.
   */
  static open(file: string, options: OpenOptions = {}): Store {
    const all = options.migrations ?? knownMigrations;
    refuseForeignFile(file);
    let sqlite: Database.Database;
    try {
      sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    } catch (error) {
      throw asStoreError(error, file);
    }
    try {
      sqlite.pragma('busy_timeout = 5000');
      // Check the version before anything writes: switching to WAL rewrites the header.
      refuseNewer(sqlite, all, file);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('synchronous = NORMAL');
      migrate(sqlite, all, options.targetVersion ?? all.length, file);
    } catch (error) {
      sqlite.close();
      throw asStoreError(error, file);
    }
    const guard = new DamageGuard(sqlite, file, {
      scrub: options.scrub,
      verbatimTables: configTables,
      onDamage: options.onDamage,
    });
    guard.install();
    return new Store(sqlite, drizzle(sqlite, { schema }), file, guard, options.nativeBinding);
  }

  get version(): number {
    return userVersion(this.sqlite);
  }

  /** The `db_corrupt` error every write now gets, once damage was seen; null while the file is sound. */
  get failure(): WeftError | null {
    return this.guard.failed;
  }

  dispose(): void {
    if (!this.sqlite.open) return;
    if (!this.guard.failed) {
      this.sqlite.close();
      return;
    }
    // Closing the last connection checkpoints the WAL into the damaged file. A read-only
    // connection cannot checkpoint, so it is opened first and closed last: the file stays as it was.
    let reader: Database.Database | undefined;
    try {
      reader = new Database(this.file, {
        readonly: true,
        fileMustExist: true,
        ...(this.nativeBinding ? { nativeBinding: this.nativeBinding } : {}),
      });
      reader.pragma('user_version');
    } catch {
      // A file too damaged to open read-only: closing still checkpoints nothing into a header-less file.
    }
    this.sqlite.close();
    reader?.close();
  }
}

function userVersion(sqlite: Database.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

function refuseNewer(sqlite: Database.Database, all: readonly Migration[], file: string): void {
  const current = userVersion(sqlite);
  if (current > all.length) {
    throw new WeftError(
      'db_newer_than_app',
      `The database at ${file} was written by a newer version of Weft (schema ${current}, this version knows ${all.length}). Update Weft; the file has not been changed.`,
    );
  }
}

/** Applies pending migrations up to `target`, all or none. */
export function migrate(sqlite: Database.Database, all: readonly Migration[], target: number, file = ':memory:'): void {
  refuseNewer(sqlite, all, file);
  const current = userVersion(sqlite);
  const pending = all.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  sqlite.transaction(() => {
    for (const migration of pending) {
      for (const statement of migration.statements) sqlite.exec(statement);
      sqlite.pragma(`user_version = ${migration.version}`);
    }
  })();
}

/** Checks the file header before SQLite touches it, so a stray file is never turned into a database. */
function refuseForeignFile(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) {
    throw new WeftError('db_corrupt', `Weft's database path ${file} is a folder. Move it aside and start Weft again.`);
  }
  if (stat.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw corrupt(file);
}

function corrupt(file: string): WeftError {
  return new WeftError(
    'db_corrupt',
    `The database at ${file} is damaged or is not a Weft database. Weft has not changed it; move it aside (or restore a backup) and start Weft again.`,
  );
}

function asStoreError(error: unknown, file: string): unknown {
  if (error instanceof WeftError) return error;
  const code = (error as { code?: unknown }).code;
  if (isDamage(error) || code === 'SQLITE_NOTADB') return corrupt(file);
  return error;
}
