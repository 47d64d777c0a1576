import { RunProjection } from '../../shared/domain/workflow-projection';
import type { NodeRunDetail, WorkflowRunDetail, WorkflowRunInfo } from '../../shared/domain/workflow-runs';
import { WeftError } from '../../shared/ipc/errors';
import type { WorkflowEvent } from '../../shared/workflow/run';
import type { EventHub } from '../ipc/events';
import type { WorkflowService } from './workflow-service';

/** What the views read from the engine. */
export type RunSource = Pick<WorkflowService, 'get' | 'runs' | 'events' | 'definitionOf'>;

/** Projections kept for runs not live any more, most recently used last. */
const KEEP = 24;
/** How long changes gather before they go to the renderer: a 10,000-step run must not send 20,000 messages. */
const FLUSH_MS = 60;

/**
 * The UI's view of workflow runs, built from the journal: node states for the canvas, node
 * details for the inspector, and run summaries for the Runs panel. Journal batches arrive
 * through `ingest` (WorkflowService's onEvents, after they are committed) and leave as
 * `workflow.runChanged`, `workflow.nodesChanged` and `workflow.nodeLog` events, gathered for a
 * moment so a fast run does not flood the renderer.
 */
export class WorkflowRunViews {
  private readonly projections = new Map<string, RunProjection>();
  private readonly pending = new Map<string, WorkflowEvent[]>();
  /** The last event of each run whose change went to the renderer. */
  private readonly sent = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly source: () => RunSource,
    private readonly events: EventHub,
    private readonly flushMs = FLUSH_MS,
  ) {}

  /** A committed journal batch. */
  ingest(batch: readonly (WorkflowEvent & { runId: string })[]): void {
    if (this.disposed) return;
    for (const event of batch) {
      let list = this.pending.get(event.runId);
      if (!list) this.pending.set(event.runId, (list = []));
      list.push(event);
    }
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Sends what gathered since the last flush. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [runId, events] of batches) {
      const cached = this.projections.get(runId);
      const projection = cached ?? this.build(runId);
      projection.apply(events);
      // A request may have folded these events in already; what counts is what the renderer was told.
      const sent = this.sent.get(runId) ?? 0;
      const fresh = events.filter((e) => e.seq > sent);
      if (fresh.length === 0) continue;
      this.sent.set(runId, fresh.at(-1)!.seq);
      // A new attempt or the end of one can change any node (pending again, cancelled); send them all.
      const all = !cached || fresh.some((e) => e.type !== 'run.status' && e.type.startsWith('run.'));
      const keys = all
        ? [...projection.nodes.keys()]
        : [
            ...new Set(
              fresh.flatMap((e) => ('node' in e && e.node !== undefined && e.type !== 'node.log' ? [e.node] : [])),
            ),
          ];
      const nodes = keys.flatMap((key) => {
        const state = projection.nodes.get(key);
        return state ? [state.view] : [];
      });
      const lines = fresh.flatMap((e) =>
        e.type === 'node.log' ? [{ node: e.node, stream: e.stream, text: e.text, at: e.at }] : [],
      );
      if (nodes.length > 0) this.events.emit('workflow.nodesChanged', { runId, nodes });
      if (lines.length > 0) this.events.emit('workflow.nodeLog', { runId, lines });
      this.events.emit('workflow.runChanged', this.info(runId, projection));
    }
  }

  private build(runId: string): RunProjection {
    const source = this.source();
    let top: { id: string; kind: string }[] = [];
    try {
      top = source.definitionOf(runId).nodes.map((n) => ({ id: n.id, kind: n.kind }));
    } catch (error) {
      if (!(error instanceof WeftError)) throw error;
    }
    const projection = new RunProjection(top);
    projection.apply(source.events(runId));
    this.projections.delete(runId);
    this.projections.set(runId, projection);
    while (this.projections.size > KEEP) {
      const oldest = this.projections.keys().next().value as string;
      this.projections.delete(oldest);
    }
    return projection;
  }

  private projection(runId: string): RunProjection {
    // Anything still gathering is folded in first, so a read never shows less than was streamed.
    if (this.pending.has(runId)) this.flush();
    const cached = this.projections.get(runId);
    if (!cached) return this.build(runId);
    cached.apply(this.source().events(runId, cached.lastSeq));
    this.projections.delete(runId);
    this.projections.set(runId, cached);
    return cached;
  }

  private info(runId: string, projection: RunProjection | null): WorkflowRunInfo {
    const { waiting, ...view } = this.source().get(runId);
    return { ...view, waiting: [...waiting], counts: projection ? projection.counts() : null };
  }

  /** A run's summary with its counts. */
  run(runId: string): WorkflowRunInfo {
    return this.info(runId, this.projection(runId));
  }

  /** Runs of a project (of one workflow when named), newest first. */
  list(projectId: string, workflow: string | undefined, limit: number): WorkflowRunInfo[] {
    const runs = this.source().runs(projectId, workflow ? Math.max(limit * 4, 200) : limit);
    return runs
      .filter((r) => workflow === undefined || r.workflow === workflow)
      .slice(0, limit)
      .map((r) => ({ ...r, waiting: [], counts: this.projections.get(r.id)?.counts() ?? null }));
  }

  detail(runId: string): WorkflowRunDetail {
    const projection = this.projection(runId);
    let definition: Record<string, unknown> | null = null;
    try {
      definition = this.source().definitionOf(runId) as unknown as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof WeftError)) throw error;
    }
    return { run: this.info(runId, projection), nodes: projection.views(), definition };
  }

  nodeDetail(runId: string, key: string): NodeRunDetail {
    const state = this.projection(runId).nodes.get(key);
    if (!state) throw new WeftError('invalid_input', `The run has no step "${key.slice(0, 200)}".`);
    return { node: state.view, input: state.input, output: state.output, logs: state.logs, changes: null };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.projections.clear();
    this.sent.clear();
  }
}
