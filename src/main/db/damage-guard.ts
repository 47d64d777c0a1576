import type Database from 'better-sqlite3';
import { WeftError } from '../../shared/ipc/errors';

/** SQLite's answers that mean the file itself is damaged or unreadable, not that a query was wrong. */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code);
}

export function damagedMessage(file: string, cause: string): string {
  return (
    `Weft's database is damaged: ${cause}. Weft has stopped writing to it; your repositories are not affected. ` +
    `Close Weft and move ${file} (with its -wal and -shm files) aside or restore a backup; ` +
    `Weft then starts with a fresh database (settings, provider keys and run history stay in the moved file).`
  );
}

export interface GuardOptions {
  /** Rewrites text bound into a write (hides secrets before they can reach a page on disk). */
  readonly scrub?: (text: string) => string;
  /** Tables whose rows are written exactly as given (configuration the user edits). */
  readonly verbatimTables?: readonly string[];
  /** Hears the first damage, once. */
  readonly onDamage?: (error: WeftError) => void;
}

type Method = (...args: unknown[]) => unknown;

/** The table an INSERT, REPLACE, UPDATE or DELETE writes, as drizzle and the journals spell them. */
const WRITTEN_TABLE =
  /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+["`[]?(\w+)/i;

/**
 * Sits between every caller (drizzle, the workflow journal) and one better-sqlite3 connection.
 * A write never reaches SQLite once damage has been seen: after SQLITE_CORRUPT, SQLITE_NOTADB or
 * SQLITE_IOERR on any statement, writing more would spread the damage (or hide it from a repair
 * tool), so every statement that is not read-only is refused with `db_corrupt` before it runs.
 * Reads go on (they may fail the same way), so what is intact can still be shown.
 */
export class DamageGuard {
  private failure: WeftError | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly file: string,
    private readonly options: GuardOptions = {},
  ) {}

  get failed(): WeftError | null {
    return this.failure;
  }

  /** Patches the connection in place, so handles taken from it (drizzle's) go through the guard. */
  install(): void {
    const sqlite = this.sqlite as unknown as Record<string, Method>;
    const prepare = sqlite.prepare!.bind(this.sqlite);
    const exec = sqlite.exec!.bind(this.sqlite);
    const pragma = sqlite.pragma!.bind(this.sqlite);
    const transaction = sqlite.transaction!.bind(this.sqlite);
    sqlite.prepare = (source: unknown) => this.guardStatement(this.call(() => prepare(source)) as Database.Statement);
    sqlite.exec = (source: unknown) => {
      this.refuseWrites();
      return this.call(() => exec(source));
    };
    sqlite.pragma = (source: unknown, options?: unknown) => {
      // A pragma that assigns or checkpoints writes to the file.
      if (typeof source === 'string' && /=|checkpoint|vacuum|optimize/i.test(source)) this.refuseWrites();
      return this.call(() => pragma(source, options));
    };
    sqlite.transaction = (fn: unknown) => this.guardTransaction(transaction(fn) as Method & Record<string, Method>);
  }

  private guardStatement(stmt: Database.Statement): Database.Statement {
    const target = stmt as unknown as Record<string, Method>;
    const scrub = !stmt.readonly && !this.verbatim(stmt.source);
    for (const name of ['run', 'get', 'all', 'iterate'] as const) {
      const method = target[name]!;
      target[name] = (...args: unknown[]) => {
        if (!stmt.readonly) this.refuseWrites();
        if (scrub) args = this.scrubArgs(args);
        return this.call(() => method.apply(stmt, args));
      };
    }
    return stmt;
  }

  private guardTransaction(tx: Method & Record<string, Method>): Method {
    const wrap =
      (variant: Method): Method =>
      (...args: unknown[]) =>
        this.call(() => variant(...args));
    const guarded = wrap(tx);
    for (const name of ['deferred', 'immediate', 'exclusive'] as const) {
      Object.defineProperty(guarded, name, { value: wrap(tx[name]!) });
    }
    Object.defineProperty(guarded, 'default', { value: guarded });
    return guarded;
  }

  private verbatim(sql: string): boolean {
    const table = WRITTEN_TABLE.exec(sql)?.[1];
    return table !== undefined && (this.options.verbatimTables ?? []).includes(table);
  }

  private scrubArgs(args: unknown[]): unknown[] {
    const scrub = this.options.scrub;
    if (!scrub) return args;
    const one = (value: unknown): unknown => (typeof value === 'string' ? scrub(value) : value);
    return args.map((arg) => {
      if (arg === null || typeof arg !== 'object' || Buffer.isBuffer(arg) || ArrayBuffer.isView(arg)) return one(arg);
      if (Array.isArray(arg)) return arg.map(one);
      // Named parameters: `{ id, payload }`.
      return Object.fromEntries(Object.entries(arg).map(([key, value]) => [key, one(value)]));
    });
  }

  private refuseWrites(): void {
    if (this.failure) throw this.failure;
  }

  private call<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw this.classify(error);
    }
  }

  private classify(error: unknown): unknown {
    if (error instanceof WeftError || !isDamage(error)) return error;
    if (!this.failure) {
      const cause = (error as Error).message || String((error as { code?: unknown }).code);
      this.failure = new WeftError('db_corrupt', damagedMessage(this.file, cause));
      this.options.onDamage?.(this.failure);
    }
    return this.failure;
  }
}
