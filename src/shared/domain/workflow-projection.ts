import type { WorkflowEvent } from '../workflow/run';
import type { NodeLogLine, NodeRunView, NodeStatus } from './workflow-runs';

// Folds a run's journal into per-node states, so the canvas and the Runs panel show exactly what
// was persisted. Pure and incremental: `apply` takes events in `seq` order, any number at a time.

/** Everything known about one node key of a run. */
export interface NodeState {
  view: NodeRunView;
  input: unknown;
  output: unknown;
  logs: NodeLogLine[];
}

/** Lines kept per node; the engine already caps what it journals, this bounds memory for views. */
const MAX_LOG_LINES = 5000;

const final: readonly NodeStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];

function fresh(key: string, kind: string): NodeState {
  return {
    view: {
      key,
      kind,
      status: 'pending',
      attempt: 0,
      startedAt: null,
      endedAt: null,
      durationMs: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
      branch: null,
      error: null,
      handled: false,
      message: null,
    },
    input: undefined,
    output: undefined,
    logs: [],
  };
}

/** A run's node states, built from its journal. */
export class RunProjection {
  readonly nodes = new Map<string, NodeState>();
  /** The last event folded in; later calls skip anything at or before it. */
  lastSeq = 0;
  private ended = false;

  /** `topLevel`: the definition's top nodes (id, kind), shown as pending until they start. */
  constructor(topLevel: readonly { id: string; kind: string }[] = []) {
    for (const n of topLevel) this.nodes.set(n.id, fresh(n.id, n.kind));
  }

  private node(key: string, kind?: string): NodeState {
    let state = this.nodes.get(key);
    if (!state) {
      state = fresh(key, kind ?? 'unknown');
      this.nodes.set(key, state);
    }
    return state;
  }

  /**
   * Folds events in; returns the keys whose view changed and the log lines added, for
   * streaming. Events already folded (by seq) are ignored, so overlapping reads are harmless.
   */
  apply(events: readonly WorkflowEvent[]): { changed: Set<string>; lines: NodeLogLine[] } {
    const changed = new Set<string>();
    const lines: NodeLogLine[] = [];
    for (const e of events) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      switch (e.type) {
        case 'run.started': {
          this.ended = false;
          // A retry: what it invalidated starts over (inner keys of containers disappear).
          for (const id of e.invalidated ?? []) {
            for (const key of [...this.nodes.keys()]) {
              if (key === id) {
                const kind = this.nodes.get(key)!.view.kind;
                this.nodes.set(key, fresh(key, kind));
                changed.add(key);
              } else if (key.startsWith(`${id}/`)) {
                this.nodes.delete(key);
                changed.add(key);
              }
            }
          }
          break;
        }
        case 'node.started': {
          const s = this.node(e.node, e.kind);
          s.view = {
            ...s.view,
            kind: e.kind,
            status: 'running',
            attempt: e.attempt,
            startedAt: e.attempt === 1 || s.view.startedAt === null ? e.at : s.view.startedAt,
            endedAt: null,
            durationMs: null,
            error: null,
            handled: false,
            message: null,
          };
          s.input = e.input;
          changed.add(e.node);
          break;
        }
        case 'node.log': {
          const s = this.node(e.node);
          const line = { node: e.node, stream: e.stream, text: e.text, at: e.at };
          s.logs.push(line);
          if (s.logs.length > MAX_LOG_LINES) s.logs.splice(0, s.logs.length - MAX_LOG_LINES);
          lines.push(line);
          break;
        }
        case 'node.completed':
        case 'node.failed': {
          const s = this.node(e.node);
          const m = e.metrics;
          s.view = {
            ...s.view,
            status: e.type === 'node.completed' ? 'completed' : 'failed',
            endedAt: e.at,
            durationMs: m?.durationMs ?? (s.view.startedAt !== null ? e.at - s.view.startedAt : null),
            inputTokens: s.view.inputTokens + (m?.inputTokens ?? 0),
            outputTokens: s.view.outputTokens + (m?.outputTokens ?? 0),
            costUsd:
              m?.costUsd === undefined ? s.view.costUsd : m.costUsd === null ? null : (s.view.costUsd ?? 0) + m.costUsd,
            branch: e.type === 'node.completed' ? (e.branch ?? null) : null,
            error: e.type === 'node.failed' ? e.error : null,
            handled: e.type === 'node.failed' ? e.handled : false,
            message: null,
          };
          if (e.type === 'node.completed') s.output = e.output;
          changed.add(e.node);
          break;
        }
        case 'node.retried': {
          const s = this.node(e.node);
          s.view = { ...s.view, status: 'retrying', attempt: e.attempt, error: e.error };
          changed.add(e.node);
          break;
        }
        case 'node.skipped': {
          const s = this.node(e.node);
          s.view = { ...s.view, status: 'skipped', endedAt: e.at };
          changed.add(e.node);
          break;
        }
        case 'node.waiting': {
          const s = this.node(e.node, 'approval');
          s.view = {
            ...s.view,
            status: 'waiting',
            startedAt: s.view.startedAt ?? e.at,
            message: e.message,
          };
          changed.add(e.node);
          break;
        }
        case 'run.completed':
        case 'run.failed':
        case 'run.cancelled':
        case 'run.interrupted': {
          this.ended = true;
          // Steps the run left behind (a crash, a cancel) did not finish.
          for (const [key, s] of this.nodes) {
            if (!final.includes(s.view.status) && s.view.status !== 'pending') {
              s.view = { ...s.view, status: 'cancelled', endedAt: s.view.endedAt ?? e.at };
              changed.add(key);
            }
          }
          break;
        }
        case 'run.status':
          break;
      }
    }
    return { changed, lines };
  }

  /** True once the last attempt ended. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Counts for the run's summary. */
  counts(): { total: number; completed: number; failed: number; running: number } {
    let completed = 0;
    let failed = 0;
    let running = 0;
    for (const s of this.nodes.values()) {
      if (s.view.status === 'completed') completed++;
      else if (s.view.status === 'failed' && !s.view.handled) failed++;
      else if (s.view.status === 'running' || s.view.status === 'retrying' || s.view.status === 'waiting') running++;
    }
    return { total: this.nodes.size, completed, failed, running };
  }

  views(): NodeRunView[] {
    return [...this.nodes.values()].map((s) => s.view);
  }
}
