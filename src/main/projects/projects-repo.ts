import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { projects } from '../db/schema';

export type ProjectRow = typeof projects.$inferSelect;

/** Rows of the `projects` table; no policy here, only storage. */
export class ProjectsRepo {
  constructor(private readonly db: Db) {}

  byPath(path: string): ProjectRow | undefined {
    return this.db.select().from(projects).where(eq(projects.path, path)).get();
  }

  byId(id: string): ProjectRow | undefined {
    return this.db.select().from(projects).where(eq(projects.id, id)).get();
  }

  insert(row: ProjectRow): void {
    this.db.insert(projects).values(row).run();
  }

  touch(id: string, at: number): void {
    this.db.update(projects).set({ lastOpenedAt: at }).where(eq(projects.id, id)).run();
  }

  setTrust(id: string, trust: 'trusted' | 'restricted'): void {
    this.db.update(projects).set({ trust }).where(eq(projects.id, id)).run();
  }

  setAllowedHosts(id: string, hosts: readonly string[]): void {
    this.db
      .update(projects)
      .set({ allowedHosts: [...hosts] })
      .where(eq(projects.id, id))
      .run();
  }

  recent(limit: number): ProjectRow[] {
    return this.db.select().from(projects).orderBy(desc(projects.lastOpenedAt)).limit(limit).all();
  }

  delete(id: string): void {
    this.db.delete(projects).where(eq(projects.id, id)).run();
  }
}
