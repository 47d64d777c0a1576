import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mcpServers } from '../db/schema';

export type McpServerRow = typeof mcpServers.$inferSelect;

/** The `mcp_servers` table. */
export class McpRepo {
  constructor(private readonly db: Db) {}

  all(): McpServerRow[] {
    return this.db.select().from(mcpServers).orderBy(asc(mcpServers.createdAt), asc(mcpServers.name)).all();
  }

  get(id: string): McpServerRow | undefined {
    return this.db.select().from(mcpServers).where(eq(mcpServers.id, id)).get();
  }

  upsert(row: McpServerRow): void {
    const { id: _id, createdAt: _created, ...rest } = row;
    this.db.insert(mcpServers).values(row).onConflictDoUpdate({ target: mcpServers.id, set: rest }).run();
  }

  remove(id: string): void {
    this.db.delete(mcpServers).where(eq(mcpServers.id, id)).run();
  }
}
