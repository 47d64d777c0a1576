import type Database from 'better-sqlite3';
import type { NodeErrorData, WorkflowEvent, WorkflowEventBody, WorkflowRunStatus } from '../../shared/workflow/run';

/** When the buffer is written: at this many events, else at the end of the current turn of the event loop. */
const MAX_BATCH = 2000;

interface RunPatch {
  status?: WorkflowRunStatus;
  attempt?: number;
  error?: NodeErrorData | null;
  finishedAt?: number | null;
  ownerPid?: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpriced: boolean;
}

/** What the journal needs besides the database. */
export interface JournalOptions {
  readonly now?: () => number;
  /** Hears each batch once it is committed, so what a UI shows is what was persisted. */
  readonly onPersisted?: (events: readonly (WorkflowEvent & { runId: string })[]) => void;
  /** A batch could not be written (disk full, database gone); the service stops its runs. */
  readonly onError?: (error: unknown) => void;
  readonly maxBatch?: number;
}

const finalStatus: Partial<Record<WorkflowEventBody['type'], WorkflowRunStatus>> = {
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
  'run.interrupted': 'interrupted',
};

/**
 * The append-only event journal of workflow runs. Events are numbered per run and buffered;
 * a batch is written in one transaction together with the run rows it changes (status,
 * totals, last sequence number), so the row and its journal never disagree. Uses prepared
 * better-sqlite3 statements rather than drizzle: this is the engine's hot path (two events per
 * step, tens of thousands per second).
 */
export class WorkflowJournal {
  private readonly now: () => number;
  private readonly maxBatch: number;
  private buffer: (WorkflowEvent & { runId: string })[] = [];
  private readonly patches = new Map<string, RunPatch>();
  private readonly seqs = new Map<string, number>();
  private scheduled: NodeJS.Immediate | null = null;
  private broken: unknown = null;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly lastSeq: Database.Statement;
  private readonly writeBatch: () => void;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: JournalOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
    this.insert = sqlite.prepare(
      'insert into workflow_events (run_id, seq, at, type, node, data) values (?, ?, ?, ?, ?, ?)',
    );
    this.update = sqlite.prepare(
      `update workflow_runs set
         status = coalesce(@status, status),
         attempt = coalesce(@attempt, attempt),
         error = case when @setError then @error else error end,
         finished_at = case when @setFinished then @finishedAt else finished_at end,
         owner_pid = case when @setOwner then @ownerPid else owner_pid end,
         last_seq = @lastSeq,
         input_tokens = input_tokens + @inputTokens,
         output_tokens = output_tokens + @outputTokens,
         cost_usd = case when @unpriced or cost_usd is null then null else cost_usd + @costUsd end,
         updated_at = @now
       where id = @id`,
    );
    this.lastSeq = sqlite.prepare('select last_seq as lastSeq from workflow_runs where id = ?');
    this.writeBatch = sqlite.transaction(() => this.write());
  }

  /** Appends an event to a run's journal (written soon, in order); returns it numbered. */
  append(runId: string, body: WorkflowEventBody): WorkflowEvent {
    // Once a write failed, the service is stopping the runs; their last events have nowhere to go.
    if (this.broken) return { ...body, seq: 0, at: this.now() } as WorkflowEvent;
    let seq = this.seqs.get(runId);
    if (seq === undefined) {
      seq = (this.lastSeq.get(runId) as { lastSeq: number } | undefined)?.lastSeq ?? 0;
    }
    seq++;
    this.seqs.set(runId, seq);
    const event = { ...body, seq, at: this.now(), runId } as WorkflowEvent & { runId: string };
    this.buffer.push(event);
    this.patch(runId, event);
    if (this.buffer.length >= this.maxBatch) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
    return event;
  }

  private patch(runId: string, event: WorkflowEventBody & { at: number }): void {
    let p = this.patches.get(runId);
    if (!p) {
      p = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: false };
      this.patches.set(runId, p);
    }
    switch (event.type) {
      case 'run.started':
        p.status = 'running';
        p.attempt = event.attempt;
        p.error = null;
        p.finishedAt = null;
        p.ownerPid = process.pid;
        return;
      case 'run.status':
        p.status = event.status;
        return;
      case 'run.failed':
        p.error = event.error;
        break;
      case 'node.completed':
      case 'node.failed':
      case 'node.retried': {
        const m = event.metrics;
        if (!m) return;
        p.inputTokens += m.inputTokens ?? 0;
        p.outputTokens += m.outputTokens ?? 0;
        if (m.costUsd === null) p.unpriced = true;
        else p.costUsd += m.costUsd ?? 0;
        return;
      }
      default:
        break;
    }
    const final = finalStatus[event.type];
    if (final) {
      p.status = final;
      p.finishedAt = event.at;
      p.ownerPid = null;
    }
  }

  /** Writes everything buffered now, in one transaction. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    if (this.buffer.length === 0 || this.broken) return;
    const batch = this.buffer;
    try {
      this.writeBatch();
    } catch (error) {
      this.broken = error;
      this.buffer = [];
      this.patches.clear();
      this.options.onError?.(error);
      return;
    }
    this.options.onPersisted?.(batch);
  }

  private write(): void {
    const batch = this.buffer;
    this.buffer = [];
    const patches = new Map(this.patches);
    this.patches.clear();
    for (const event of batch) {
      const { runId, seq, at, type, node, ...rest } = event as WorkflowEvent & { runId: string; node?: string };
      this.insert.run(runId, seq, at, type, node ?? null, JSON.stringify(rest));
    }
    for (const [id, p] of patches) {
      this.update.run({
        id,
        status: p.status ?? null,
        attempt: p.attempt ?? null,
        setError: p.error !== undefined ? 1 : 0,
        error: p.error ? JSON.stringify(p.error) : null,
        setFinished: p.finishedAt !== undefined ? 1 : 0,
        finishedAt: p.finishedAt ?? null,
        setOwner: p.ownerPid !== undefined ? 1 : 0,
        ownerPid: p.ownerPid ?? null,
        lastSeq: this.seqs.get(id) ?? 0,
        inputTokens: p.inputTokens,
        outputTokens: p.outputTokens,
        costUsd: p.costUsd,
        unpriced: p.unpriced ? 1 : 0,
        now: this.now(),
      });
    }
  }

  /** Forgets a finished run's counter (after a flush it is read back from its row when needed). */
  forget(runId: string): void {
    this.flush();
    this.seqs.delete(runId);
  }

  /** Writes what is buffered and stops the timer. */
  dispose(): void {
    this.flush();
  }
}
