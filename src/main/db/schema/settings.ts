import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Settings as one JSON document per top-level section, so a section can evolve on its own. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});
