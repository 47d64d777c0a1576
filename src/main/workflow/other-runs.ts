import type Database from 'better-sqlite3';
import type { WorkflowEvent } from '../../shared/workflow/run';

/** How often the journal is looked at for other processes' writes. */
const POLL_MS = 500;
/** Rows read per look; a long backlog is read over several. */
const MAX_ROWS = 5000;

type Batch = readonly (WorkflowEvent & { runId: string })[];

/**
 * Notices workflow runs written by another process (`weft run` in a terminal, a second Weft) so
 * they show live: the journal in SQLite is the one source. `PRAGMA data_version` changes only when
 * another connection commits, so an idle look costs one pragma; only then are the journal rows
 * after the last one seen read, skipping runs this process owns (it streams those itself).
 * Looks only while `active()` (a window is connected): a window that connects later loads what it
 * shows from the database anyway.
 */
export class OtherProcessRuns {
  private readonly timer: NodeJS.Timeout;
  private readonly version: Database.Statement;
  private readonly maxRow: Database.Statement;
  private readonly rows: Database.Statement;
  private lastVersion: number;
  private lastRow: number;

  constructor(
    sqlite: Database.Database,
    private readonly active: () => boolean,
    private readonly deliver: (batch: Batch) => void,
    private readonly onError: (error: unknown) => void,
    intervalMs = POLL_MS,
  ) {
    this.version = sqlite.prepare('pragma data_version').pluck();
    this.maxRow = sqlite.prepare('select coalesce(max(rowid), 0) from workflow_events').pluck();
    this.rows = sqlite.prepare(
      `select e.rowid as row, e.run_id as runId, e.seq, e.at, e.type, e.node, e.data
         from workflow_events e join workflow_runs r on r.id = e.run_id
        where e.rowid > ? and (r.owner_pid is null or r.owner_pid <> ?)
        order by e.rowid limit ${MAX_ROWS}`,
    );
    this.lastVersion = this.version.get() as number;
    this.lastRow = this.maxRow.get() as number;
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** One look (the interval's; tests may call it). */
  poll(): void {
    try {
      const version = this.version.get() as number;
      if (version === this.lastVersion) return;
      if (!this.active()) {
        // Nobody to tell; a window that connects later reads the runs from the database.
        this.lastVersion = version;
        this.lastRow = this.maxRow.get() as number;
        return;
      }
      const rows = this.rows.all(this.lastRow, process.pid) as {
        row: number;
        runId: string;
        seq: number;
        at: number;
        type: string;
        node: string | null;
        data: string;
      }[];
      // A full page means more may follow: look again next time even if nothing else is written.
      if (rows.length < MAX_ROWS) this.lastVersion = version;
      if (rows.length === 0) {
        this.lastRow = Math.max(this.lastRow, this.maxRow.get() as number);
        return;
      }
      this.lastRow = rows.at(-1)!.row;
      this.deliver(
        rows.map(
          (r) =>
            ({
              ...(JSON.parse(r.data) as object),
              type: r.type,
              ...(r.node !== null ? { node: r.node } : {}),
              seq: r.seq,
              at: r.at,
              runId: r.runId,
            }) as WorkflowEvent & { runId: string },
        ),
      );
    } catch (error) {
      this.onError(error);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
