import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { settings } from '../db/schema';

/** Raw settings sections as stored; validation belongs to the service. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  readAll(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.db.select().from(settings).all()) out[row.key] = row.value;
    return out;
  }

  writeAll(sections: Record<string, unknown>, at: number): void {
    this.db.transaction((tx) => {
      for (const [key, value] of Object.entries(sections)) {
        tx.insert(settings)
          .values({ key, value, updatedAt: at })
          .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: at } })
          .run();
      }
    });
  }
}
