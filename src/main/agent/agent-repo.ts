import { and, asc, desc, eq, inArray, isNull, lt, max, or } from 'drizzle-orm';
import type { AuditRow, Checkpoint, PolicyRule, RunEntry } from '../../shared/domain/agent';
import type { Db } from '../db/client';
import { agentAudit, agentCheckpoints, agentEntries, agentMessages, agentRules, agentRuns } from '../db/schema';
import type { ChatMessage } from '../models/core/types';

export type RunRow = typeof agentRuns.$inferSelect;

/** The agent tables. Every write is its own statement, so a crash keeps everything before it. */
export class AgentRepo {
  constructor(private readonly db: Db) {}

  insertRun(row: RunRow): void {
    this.db.insert(agentRuns).values(row).run();
  }

  updateRun(id: string, patch: Partial<Omit<RunRow, 'id'>>): void {
    this.db.update(agentRuns).set(patch).where(eq(agentRuns.id, id)).run();
  }

  run(id: string): RunRow | undefined {
    return this.db.select().from(agentRuns).where(eq(agentRuns.id, id)).get();
  }

  runs(projectId: string): RunRow[] {
    return this.db
      .select()
      .from(agentRuns)
      .where(eq(agentRuns.projectId, projectId))
      .orderBy(desc(agentRuns.createdAt))
      .all();
  }

  runsWithStatus(statuses: readonly string[]): RunRow[] {
    return this.db
      .select()
      .from(agentRuns)
      .where(inArray(agentRuns.status, [...statuses]))
      .all();
  }

  /** Adds an entry, or rewrites the entry with the same seq. */
  putEntry(runId: string, entry: RunEntry): void {
    this.db
      .insert(agentEntries)
      .values({ runId, seq: entry.seq, kind: entry.kind, data: entry, at: entry.at })
      .onConflictDoUpdate({ target: [agentEntries.runId, agentEntries.seq], set: { data: entry, kind: entry.kind } })
      .run();
  }

  entries(runId: string): RunEntry[] {
    return this.db
      .select({ data: agentEntries.data })
      .from(agentEntries)
      .where(eq(agentEntries.runId, runId))
      .orderBy(asc(agentEntries.seq))
      .all()
      .map((r) => r.data as RunEntry);
  }

  /**
   * The `limit` entries before seq `before` (default: the newest), oldest first, and whether
   * older ones remain. Reads backwards along the (run_id, seq) primary key, so a long run costs
   * one page, not its whole timeline.
   */
  entriesPage(runId: string, page: { before?: number; limit: number }): { entries: RunEntry[]; earlier: boolean } {
    const where =
      page.before === undefined
        ? eq(agentEntries.runId, runId)
        : and(eq(agentEntries.runId, runId), lt(agentEntries.seq, page.before));
    // One row more than asked says whether anything is left before the page.
    const rows = this.db
      .select({ data: agentEntries.data })
      .from(agentEntries)
      .where(where)
      .orderBy(desc(agentEntries.seq))
      .limit(page.limit + 1)
      .all();
    const earlier = rows.length > page.limit;
    return {
      entries: rows
        .slice(0, page.limit)
        .map((r) => r.data as RunEntry)
        .reverse(),
      earlier,
    };
  }

  /** The run's entries of `kinds` before seq `before`, oldest first. */
  entriesOfKinds(runId: string, kinds: readonly RunEntry['kind'][], before: number): RunEntry[] {
    return this.db
      .select({ data: agentEntries.data })
      .from(agentEntries)
      .where(and(eq(agentEntries.runId, runId), lt(agentEntries.seq, before), inArray(agentEntries.kind, [...kinds])))
      .orderBy(asc(agentEntries.seq))
      .all()
      .map((r) => r.data as RunEntry);
  }

  /** The run's newest entry seq, 0 when it has none. */
  lastSeq(runId: string): number {
    const row = this.db
      .select({ last: max(agentEntries.seq) })
      .from(agentEntries)
      .where(eq(agentEntries.runId, runId))
      .get();
    return row?.last ?? 0;
  }

  /** How many conversation messages the run has (the next one's index). */
  messageCount(runId: string): number {
    const row = this.db
      .select({ last: max(agentMessages.idx) })
      .from(agentMessages)
      .where(eq(agentMessages.runId, runId))
      .get();
    return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
  }

  appendMessage(runId: string, idx: number, message: ChatMessage): void {
    this.db.insert(agentMessages).values({ runId, idx, message }).run();
  }

  messages(runId: string): ChatMessage[] {
    return this.db
      .select({ message: agentMessages.message })
      .from(agentMessages)
      .where(eq(agentMessages.runId, runId))
      .orderBy(asc(agentMessages.idx))
      .all()
      .map((r) => r.message as ChatMessage);
  }

  insertCheckpoint(cp: Checkpoint): void {
    this.db.insert(agentCheckpoints).values(cp).run();
  }

  checkpoints(runId: string): Checkpoint[] {
    return this.db
      .select()
      .from(agentCheckpoints)
      .where(eq(agentCheckpoints.runId, runId))
      .orderBy(asc(agentCheckpoints.createdAt), asc(agentCheckpoints.step))
      .all()
      .map((r) => ({ ...r, files: r.files as Checkpoint['files'] }));
  }

  /** The project's rules followed by the global ones. */
  rules(projectId: string): PolicyRule[] {
    const rows = this.db
      .select()
      .from(agentRules)
      .where(or(eq(agentRules.projectId, projectId), isNull(agentRules.projectId)))
      .orderBy(asc(agentRules.createdAt))
      .all();
    return rows
      .map((r) => ({ ...r, action: r.action as PolicyRule['action'] }))
      .sort((a, b) => Number(a.projectId === null) - Number(b.projectId === null));
  }

  rule(id: string): PolicyRule | undefined {
    const r = this.db.select().from(agentRules).where(eq(agentRules.id, id)).get();
    return r && { ...r, action: r.action as PolicyRule['action'] };
  }

  insertRule(rule: PolicyRule): void {
    this.db.insert(agentRules).values(rule).run();
  }

  removeRule(id: string): void {
    this.db.delete(agentRules).where(eq(agentRules.id, id)).run();
  }

  audit(row: Omit<AuditRow, 'id'>): void {
    this.db.insert(agentAudit).values(row).run();
  }

  auditRows(projectId: string, runId: string | undefined, limit: number): AuditRow[] {
    const where = runId
      ? and(eq(agentAudit.projectId, projectId), eq(agentAudit.runId, runId))
      : eq(agentAudit.projectId, projectId);
    return this.db.select().from(agentAudit).where(where).orderBy(desc(agentAudit.id)).limit(limit).all() as AuditRow[];
  }
}
