import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * External MCP servers the user added, for every project (`project_id` null) or one. Env values
 * (stdio) and header values (HTTP) are secrets: only their names are stored in the clear, the
 * values as one ciphertext from the SecretCipher.
 */
export const mcpServers = sqliteTable(
  'mcp_servers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    projectId: text('project_id'),
    /** `stdio` or `http`. */
    transport: text('transport').notNull(),
    command: text('command'),
    args: text('args', { mode: 'json' }).$type<string[]>().notNull().default([]),
    url: text('url'),
    /** Names of the env variables (stdio) or headers (HTTP), in the order the user gave them. */
    secretNames: text('secret_names', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** JSON of the names and values, encrypted; null when there are none. */
    secretsCiphertext: text('secrets_ciphertext'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /**
     * The user trusts this stdio server to run outside an agent run's sandbox: runs use the
     * shared instance in the project folder. Off unless the user ticks it in Settings.
     */
    unconfined: integer('unconfined', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('mcp_servers_project').on(t.projectId)],
);
