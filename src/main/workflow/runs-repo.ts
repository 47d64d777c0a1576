import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { WorkflowEvent, WorkflowEventBody, WorkflowRunView } from '../../shared/workflow/run';
import { liveWorkflowStatuses } from '../../shared/workflow/run';
import type { JsonValue, WorkflowDefinition } from '../../shared/workflow/schema';
import type { Db } from '../db/client';
import { workflowEvents, workflowRuns } from '../db/schema';

type RunRow = typeof workflowRuns.$inferSelect;

/** A run row with the definition its latest attempt ran. */
export interface StoredRun extends WorkflowRunView {
  readonly definition: WorkflowDefinition;
  readonly ownerPid: number | null;
}

function view(row: RunRow): StoredRun {
  return {
    id: row.id,
    projectId: row.projectId,
    workflow: row.workflow,
    status: row.status as WorkflowRunView['status'],
    attempt: row.attempt,
    error: (row.error as WorkflowRunView['error']) ?? null,
    inputs: row.inputs as Record<string, JsonValue>,
    repo: row.repo,
    root: row.root,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costUsd: row.costUsd,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
    definition: row.definition as WorkflowDefinition,
    ownerPid: row.ownerPid,
  };
}

/** Reads and creates workflow runs; events are written by the journal. */
export class WorkflowRunsRepo {
  constructor(private readonly db: Db) {}

  create(run: {
    id: string;
    projectId: string;
    workflow: string;
    definition: WorkflowDefinition;
    inputs: Record<string, JsonValue>;
    repo: string;
    root: string;
    now: number;
  }): void {
    this.db
      .insert(workflowRuns)
      .values({
        id: run.id,
        projectId: run.projectId,
        workflow: run.workflow,
        definition: run.definition,
        inputs: run.inputs,
        status: 'running',
        repo: run.repo,
        root: run.root,
        ownerPid: process.pid,
        createdAt: run.now,
        updatedAt: run.now,
      })
      .run();
  }

  /** A retry runs the workflow's current version: the row keeps the definition the latest attempt used. */
  setDefinition(id: string, definition: WorkflowDefinition, now: number): void {
    this.db.update(workflowRuns).set({ definition, updatedAt: now }).where(eq(workflowRuns.id, id)).run();
  }

  /** Marks a run as owned by this process before an attempt starts. */
  claim(id: string, now: number): void {
    this.db.update(workflowRuns).set({ ownerPid: process.pid, updatedAt: now }).where(eq(workflowRuns.id, id)).run();
  }

  get(id: string): StoredRun | undefined {
    const row = this.db.select().from(workflowRuns).where(eq(workflowRuns.id, id)).get();
    return row ? view(row) : undefined;
  }

  /** Newest first. */
  list(projectId: string | null, limit = 100): StoredRun[] {
    const query = this.db.select().from(workflowRuns);
    const rows = (projectId ? query.where(eq(workflowRuns.projectId, projectId)) : query)
      .orderBy(desc(workflowRuns.createdAt))
      .limit(limit)
      .all();
    return rows.map(view);
  }

  /** Runs whose row says they are live (running, paused, awaiting approval). */
  live(): StoredRun[] {
    return this.db
      .select()
      .from(workflowRuns)
      .where(inArray(workflowRuns.status, [...liveWorkflowStatuses]))
      .all()
      .map(view);
  }

  /** A run's journal after `afterSeq`, in order. */
  events(runId: string, afterSeq = 0, limit = 100_000): WorkflowEvent[] {
    return this.db
      .select()
      .from(workflowEvents)
      .where(and(eq(workflowEvents.runId, runId), gt(workflowEvents.seq, afterSeq)))
      .orderBy(asc(workflowEvents.seq))
      .limit(limit)
      .all()
      .map(
        (row) =>
          ({
            ...(JSON.parse(row.data) as object),
            type: row.type,
            ...(row.node !== null ? { node: row.node } : {}),
            seq: row.seq,
            at: row.at,
          }) as WorkflowEvent,
      );
  }

  /** The events that decide what a resume reuses, in order. */
  outcomeEvents(runId: string): WorkflowEventBody[] {
    return this.db
      .select()
      .from(workflowEvents)
      .where(
        and(
          eq(workflowEvents.runId, runId),
          inArray(workflowEvents.type, ['run.started', 'node.completed', 'node.failed']),
        ),
      )
      .orderBy(asc(workflowEvents.seq))
      .all()
      .map(
        (row) =>
          ({
            ...(JSON.parse(row.data) as object),
            type: row.type,
            ...(row.node !== null ? { node: row.node } : {}),
          }) as WorkflowEventBody,
      );
  }

  remove(id: string): void {
    this.db.delete(workflowRuns).where(eq(workflowRuns.id, id)).run();
  }
}
