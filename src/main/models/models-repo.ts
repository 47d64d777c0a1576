import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { UsageDay } from '../../shared/domain/models';
import type { Db } from '../db/client';
import { modelProviders, modelResponseCache, modelUsage, promptTemplates } from '../db/schema';
import type { Spent } from './core/budget';

export type ProviderRow = typeof modelProviders.$inferSelect;
export type UsageRow = typeof modelUsage.$inferInsert;
export type TemplateRow = typeof promptTemplates.$inferSelect;

/** The models tables: providers, usage, the response cache and prompt templates. */
export class ModelsRepo {
  constructor(private readonly db: Db) {}

  providers(): ProviderRow[] {
    return this.db.select().from(modelProviders).orderBy(asc(modelProviders.createdAt)).all();
  }

  provider(id: string): ProviderRow | undefined {
    return this.db.select().from(modelProviders).where(eq(modelProviders.id, id)).get();
  }

  upsertProvider(row: ProviderRow): void {
    const { id: _id, createdAt: _created, ...rest } = row;
    this.db.insert(modelProviders).values(row).onConflictDoUpdate({ target: modelProviders.id, set: rest }).run();
  }

  removeProvider(id: string): void {
    this.db.delete(modelProviders).where(eq(modelProviders.id, id)).run();
  }

  recordUsage(row: UsageRow): void {
    this.db.insert(modelUsage).values(row).run();
  }

  /** Tokens and cost a run or workflow has used so far. */
  spent(scope: 'run' | 'workflow', id: string): Spent {
    const column = scope === 'run' ? modelUsage.runId : modelUsage.workflowId;
    const row = this.db
      .select({
        tokens: sql<number>`coalesce(sum(${modelUsage.inputTokens} + ${modelUsage.outputTokens} + ${modelUsage.cacheReadTokens} + ${modelUsage.cacheWriteTokens}), 0)`,
        cost: sql<number>`coalesce(sum(${modelUsage.costUsd}), 0)`,
      })
      .from(modelUsage)
      .where(eq(column, id))
      .get();
    return { tokens: Number(row?.tokens ?? 0), costUsd: Number(row?.cost ?? 0) };
  }

  /** Usage per UTC day and project since `since` (epoch ms). */
  usageByDay(since: number, projectId?: string): UsageDay[] {
    const day = sql<string>`strftime('%Y-%m-%d', ${modelUsage.at} / 1000, 'unixepoch')`;
    return this.db
      .select({
        day,
        projectId: modelUsage.projectId,
        inputTokens: sql<number>`sum(${modelUsage.inputTokens})`,
        outputTokens: sql<number>`sum(${modelUsage.outputTokens})`,
        cacheTokens: sql<number>`sum(${modelUsage.cacheReadTokens} + ${modelUsage.cacheWriteTokens})`,
        costUsd: sql<number>`coalesce(sum(${modelUsage.costUsd}), 0)`,
        calls: sql<number>`count(*)`,
      })
      .from(modelUsage)
      .where(
        projectId ? and(gte(modelUsage.at, since), eq(modelUsage.projectId, projectId)) : gte(modelUsage.at, since),
      )
      .groupBy(day, modelUsage.projectId)
      .orderBy(asc(day))
      .all();
  }

  cached(key: string): unknown {
    return this.db.select().from(modelResponseCache).where(eq(modelResponseCache.key, key)).get()?.result;
  }

  putCached(key: string, providerId: string, model: string, result: unknown, at: number): void {
    this.db
      .insert(modelResponseCache)
      .values({ key, providerId, model, result, createdAt: at })
      .onConflictDoUpdate({ target: modelResponseCache.key, set: { result, createdAt: at } })
      .run();
  }

  /** Forgets cached answers older than `before` (epoch ms); returns how many. */
  pruneCache(before: number): number {
    return this.db.delete(modelResponseCache).where(lt(modelResponseCache.createdAt, before)).run().changes;
  }

  templates(): TemplateRow[] {
    return this.db.select().from(promptTemplates).orderBy(asc(promptTemplates.name)).all();
  }

  template(name: string): TemplateRow | undefined {
    return this.db.select().from(promptTemplates).where(eq(promptTemplates.name, name)).get();
  }

  saveTemplate(row: TemplateRow): void {
    const { name: _name, ...rest } = row;
    this.db.insert(promptTemplates).values(row).onConflictDoUpdate({ target: promptTemplates.name, set: rest }).run();
  }

  removeTemplate(name: string): void {
    this.db.delete(promptTemplates).where(eq(promptTemplates.name, name)).run();
  }
}
