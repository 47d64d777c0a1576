import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Folders the user has opened; the recent list is this table by `last_opened_at`. */
export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  path: text('path').notNull().unique(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
  lastOpenedAt: integer('last_opened_at').notNull(),
  /** Whether the user trusts the folder's authors; null until they have been asked. */
  trust: text('trust', { enum: ['trusted', 'restricted'] }),
  /** Host names sandboxed commands of this project may reach (`*.domain` for a domain's subdomains). */
  allowedHosts: text('allowed_hosts', { mode: 'json' }).$type<string[]>().notNull().default([]),
});
