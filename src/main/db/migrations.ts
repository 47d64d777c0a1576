import journal from './migrations/meta/_journal.json';

/** One committed drizzle-kit migration, split into the statements it runs. */
export interface Migration {
  /** 1-based; after it is applied, `PRAGMA user_version` equals this number. */
  readonly version: number;
  readonly tag: string;
  readonly statements: readonly string[];
}

interface Journal {
  readonly entries: readonly { readonly idx: number; readonly tag: string }[];
}

// Bundled at build time, so the desktop app, browser mode and the CLI carry their migrations.
const sqlFiles = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

/** Pairs drizzle-kit's journal with its SQL files, in order; pure for testing. */
export function parseMigrations(j: Journal, files: Record<string, string>): Migration[] {
  return [...j.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry, i) => {
      const sql = files[`./migrations/${entry.tag}.sql`];
      if (sql === undefined) throw new Error(`Migration ${entry.tag} is in the journal but its SQL file is missing`);
      const statements = sql
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { version: i + 1, tag: entry.tag, statements };
    });
}

/** Every migration this build of Weft knows, oldest first. */
export const migrations: readonly Migration[] = parseMigrations(journal, sqlFiles);
