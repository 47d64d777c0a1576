import { evaluateExpression, ExpressionError } from '../../../shared/workflow/expression';
import { indexGraph, type Graph } from '../../../shared/workflow/graph';
import type { NodeMetrics } from '../../../shared/workflow/run';
import type { NodeView, ReferenceRoot, ValueScope } from '../../../shared/workflow/scope';
import {
  isLeafKind,
  type LeafNode,
  type NodeDefinition,
  type SubgraphDefinition,
} from '../../../shared/workflow/schema';
import { resolveText, TemplateError } from '../../../shared/workflow/template';
import { runLoop, runMap, runSubWorkflow } from './containers';
import type { WorkflowExecution } from './execution';
import { backoffDelay, failureData, toFailure } from './failure';
import { resolveLeafInput } from './resolve';
import { NodeFailure, type ExecutorTable, type NodeResult, type PriorOutcome } from './types';

/** How a node ended in this attempt. `interrupted`: stopped before it could settle (cancel, a failing sibling). */
export type Outcome =
  | { readonly status: 'completed'; readonly output: unknown; readonly branch?: string }
  | { readonly status: 'failed'; readonly error: NodeFailure; readonly metrics?: NodeMetrics }
  /** `started`: its start was journaled, so its end is too. */
  | { readonly status: 'interrupted'; readonly started: boolean };

/** How a graph ended: every node settled, or stopped by an unhandled failure or a cancel. */
export type ScopeOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: NodeFailure; readonly node?: string };

/** A graph compiled once and shared by every scope that runs it (all items of a map). */
interface Compiled {
  readonly graph: Graph;
  readonly handlesFailure: readonly boolean[];
  readonly roots: readonly number[];
}
const compiledGraphs = new WeakMap<SubgraphDefinition, Compiled>();

function compile(sub: SubgraphDefinition): Compiled {
  let compiled = compiledGraphs.get(sub);
  if (!compiled) {
    const graph = indexGraph(sub.nodes, sub.edges);
    compiled = {
      graph,
      handlesFailure: graph.outgoing.map((edges) => edges.some((e) => graph.edges[e]!.on === 'failure')),
      roots: graph.nodes.flatMap((_, i) => (graph.incoming[i]!.length === 0 ? [i] : [])),
    };
    compiledGraphs.set(sub, compiled);
  }
  return compiled;
}

export const cancelledFailure = () => new NodeFailure('cancelled', 'The run was cancelled.', false);
const stoppedFailure = () => new NodeFailure('cancelled', 'Stopped because another step failed.', false);

/**
 * The ready-set scheduler of one graph: a node becomes ready when all its incoming edges are
 * decided; it runs if its join is satisfied (`all` edges taken, or `any`), else it is skipped and
 * its own edges are decided as not taken. Ready nodes start in FIFO order; executor steps also
 * wait for one of the run's slots, which bounds parallelism across all scopes of the run.
 */
export class ScopeRun {
  private readonly compiled: Compiled;
  private readonly results: (NodeView | undefined)[];
  private readonly undecided: Int32Array;
  private readonly taken: Int32Array;
  private readonly queue: number[] = [];
  private head = 0;
  private inflight = 0;
  private settled = 0;
  private stopped = false;
  private failure: { error: NodeFailure; node?: string } | null = null;
  private readonly stopController = new AbortController();
  private readonly children = new Set<ScopeRun>();
  private finish: ((outcome: ScopeOutcome) => void) | null = null;
  /** Reads values visible here; handed to templates and expressions. */
  readonly values: ValueScope;

  constructor(
    readonly execution: WorkflowExecution,
    graph: SubgraphDefinition,
    /** Prepended to node ids to form their keys: `''`, `each/3/`. */
    readonly prefix: string,
    private readonly vars: Partial<Record<Exclude<ReferenceRoot, 'nodes'>, unknown>>,
    /** Where names not found here are looked up (null: a called workflow sees only its own). */
    private readonly lookupParent: ScopeRun | null,
    /** Aborts executors in this scope: the run's cancel, or a container's timeout. */
    readonly signal: AbortSignal,
    readonly depth: number,
  ) {
    this.compiled = compile(graph);
    const n = this.compiled.graph.nodes.length;
    this.results = new Array<NodeView | undefined>(n);
    this.undecided = new Int32Array(n);
    this.taken = new Int32Array(n);
    for (let i = 0; i < n; i++) this.undecided[i] = this.compiled.graph.incoming[i]!.length;
    this.values = {
      variable: (name) => (name in this.vars ? this.vars[name] : this.lookupParent?.values.variable(name)),
      node: (id) => {
        const index = this.compiled.graph.index.get(id);
        if (index !== undefined) return this.results[index];
        return this.lookupParent?.values.node(id);
      },
    };
  }

  /** Aborted when this scope stops starting nodes: approvals and retry waits give up. */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** A scope for a container's body, stopped together with this one. */
  child(
    graph: SubgraphDefinition,
    prefix: string,
    vars: Partial<Record<Exclude<ReferenceRoot, 'nodes'>, unknown>>,
    signal: AbortSignal,
    seesParent: boolean,
  ): ScopeRun {
    const scope = new ScopeRun(this.execution, graph, prefix, vars, seesParent ? this : null, signal, this.depth + 1);
    this.children.add(scope);
    if (this.stopped) scope.stop();
    return scope;
  }

  release(child: ScopeRun): void {
    this.children.delete(child);
  }

  /** The outputs of this scope's completed nodes, by id. */
  outputs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.compiled.graph.nodes.forEach((node, i) => {
      const view = this.results[i];
      if (view?.status === 'completed') out[node.id] = view.output;
    });
    return out;
  }

  run(): Promise<ScopeOutcome> {
    return new Promise((resolve) => {
      this.finish = resolve;
      for (const root of this.compiled.roots) this.queue.push(root);
      this.execution.watch(this);
      this.pump();
    });
  }

  /** Stops starting nodes here and below; running steps finish (drain), waits give up. */
  stop(failure?: { error: NodeFailure; node?: string }): void {
    if (failure && !this.failure) this.failure = failure;
    if (this.stopped) return;
    this.stopped = true;
    this.stopController.abort();
    for (const child of this.children) child.stop();
    this.pump();
  }

  /** Starts what is ready, unless paused or stopped; resolves the scope when it is done. */
  pump(): void {
    if (!this.finish) return;
    const { graph } = this.compiled;
    while (!this.stopped && !this.execution.paused && this.head < this.queue.length) {
      const i = this.queue[this.head++]!;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      const node = graph.nodes[i]!;
      const incoming = graph.incoming[i]!.length;
      const runs = incoming === 0 || (node.join === 'any' ? this.taken[i]! > 0 : this.taken[i] === incoming);
      if (!runs) {
        this.execution.emit({ type: 'node.skipped', node: this.prefix + node.id });
        this.results[i] = { status: 'skipped', output: null, error: null };
        this.decide(i, null);
        continue;
      }
      const prior = this.execution.prior(this.prefix + node.id);
      if (prior) {
        this.reuse(i, prior);
        continue;
      }
      this.inflight++;
      this.runNode(node).then(
        (outcome) => this.done(i, outcome),
        (error: unknown) => this.done(i, { status: 'failed', error: toFailure(error) }),
      );
    }
    const n = graph.nodes.length;
    if ((this.stopped && this.inflight === 0) || (!this.stopped && this.settled === n)) {
      const finish = this.finish;
      this.finish = null;
      this.execution.unwatch(this);
      if (!this.stopped) finish({ ok: true });
      else
        finish({
          ok: false,
          ...(this.failure ?? { error: this.signal.aborted ? cancelledFailure() : stoppedFailure() }),
        });
    }
  }

  private reuse(i: number, prior: PriorOutcome): void {
    if (prior.status === 'completed') {
      this.results[i] = { status: 'completed', output: prior.output, error: null };
      this.decide(i, prior.branch ?? 'success');
    } else {
      this.results[i] = { status: 'failed', output: null, error: prior.error };
      this.decide(i, 'failure');
    }
  }

  private done(i: number, outcome: Outcome): void {
    this.inflight--;
    const node = this.compiled.graph.nodes[i]!;
    const key = this.prefix + node.id;
    if (outcome.status === 'completed') {
      this.results[i] = { status: 'completed', output: outcome.output, error: null };
      this.decide(i, outcome.branch ?? 'success');
    } else if (outcome.status === 'interrupted') {
      if (outcome.started) {
        const error = this.signal.aborted ? cancelledFailure() : stoppedFailure();
        this.execution.emit({ type: 'node.failed', node: key, error: failureData(error), handled: false });
      }
    } else {
      const interrupted = outcome.error.code === 'cancelled' && (this.stopped || this.signal.aborted);
      const handled = !interrupted && this.compiled.handlesFailure[i]!;
      this.execution.emit({
        type: 'node.failed',
        node: key,
        error: failureData(outcome.error),
        handled,
        ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
      });
      if (handled) {
        this.results[i] = { status: 'failed', output: null, error: failureData(outcome.error) };
        this.decide(i, 'failure');
      } else if (!interrupted) this.stop({ error: outcome.error, node: key });
    }
    this.pump();
  }

  /** Settles node i and decides its outgoing edges: taken when `on` matches `label` (null: none taken). */
  private decide(i: number, label: string | null): void {
    this.settled++;
    const { graph } = this.compiled;
    for (const e of graph.outgoing[i]!) {
      const edge = graph.edges[e]!;
      const on = edge.on ?? 'success';
      const target = graph.index.get(edge.to)!;
      // `success` from a condition means "whichever branch": the condition completed.
      if (label !== null && (on === label || (on === 'success' && label !== 'failure'))) this.taken[target]!++;
      if (--this.undecided[target]! === 0) this.queue.push(target);
    }
  }

  private async runNode(node: NodeDefinition): Promise<Outcome> {
    const key = this.prefix + node.id;
    if (isLeafKind(node.kind)) return this.runLeaf(node as LeafNode, key);
    this.execution.emit({ type: 'node.started', node: key, kind: node.kind, attempt: 1 });
    const started = this.execution.now();
    let outcome: Outcome;
    switch (node.kind) {
      case 'condition':
        outcome = this.condition(node.expression);
        break;
      case 'approval':
        outcome = await this.approval(node.message, key, node.timeoutMs);
        break;
      case 'map':
        outcome = await runMap(this, node, key);
        break;
      case 'loop':
        outcome = await runLoop(this, node, key);
        break;
      case 'workflow':
        outcome = await runSubWorkflow(this, node, key);
        break;
    }
    if (outcome.status === 'completed') {
      this.execution.emit({
        type: 'node.completed',
        node: key,
        output: outcome.output,
        ...(outcome.branch !== undefined ? { branch: outcome.branch } : {}),
        metrics: { durationMs: this.execution.now() - started },
      });
    }
    return outcome;
  }

  private condition(expression: string): Outcome {
    let value: unknown;
    try {
      value = evaluateExpression(expression, this.values);
    } catch (error) {
      if (error instanceof ExpressionError) return failed('expression', error.message);
      throw error;
    }
    const branch =
      typeof value === 'boolean'
        ? String(value)
        : typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : null;
    if (branch === null) return failed('expression', 'The condition must give true, false or a branch label.');
    return { status: 'completed', output: value ?? null, branch };
  }

  private async approval(template: string | undefined, key: string, timeoutMs: number | undefined): Promise<Outcome> {
    let message: string;
    try {
      message = template !== undefined ? resolveText(template, this.values) : 'Approve to continue.';
    } catch (error) {
      if (error instanceof TemplateError) return failed('template', error.message);
      throw error;
    }
    this.execution.emit({ type: 'node.waiting', node: key, message });
    const decision = await this.execution.waitForApproval(key, message, this.stopSignal, timeoutMs);
    if (decision === 'stopped') return { status: 'interrupted', started: true };
    if (decision === 'timeout') return failed('timeout', `Nobody answered within ${timeoutMs} ms.`, true);
    if (decision.approved)
      return { status: 'completed', output: { approved: true, comment: decision.comment ?? null } };
    return failed('rejected', decision.comment ? `Rejected: ${decision.comment}` : 'Rejected.');
  }

  private async runLeaf(node: LeafNode, key: string): Promise<Outcome> {
    const execution = this.execution;
    const executor = (execution.executors as ExecutorTable)[node.kind] as
      { execute(input: unknown, context: unknown): Promise<NodeResult> } | undefined;
    if (!executor) return failed('unsupported', `This build of Weft cannot run ${node.kind} steps yet.`);
    let input: unknown;
    try {
      input = resolveLeafInput(node, this.values, execution.shellQuote);
    } catch (error) {
      if (error instanceof TemplateError) {
        execution.emit({ type: 'node.started', node: key, kind: node.kind, attempt: 1 });
        return failed('template', error.message);
      }
      throw error;
    }
    const retries = node.retries;
    for (let attempt = 1; ; attempt++) {
      if (!(await execution.slot(this.stopSignal))) return { status: 'interrupted', started: attempt > 1 };
      let result: NodeResult;
      const started = execution.now();
      try {
        execution.emit({
          type: 'node.started',
          node: key,
          kind: node.kind,
          attempt,
          ...(attempt === 1 ? { input } : {}),
        });
        result = await execution.invoke(executor, input, key, attempt, this.signal, node.timeoutMs);
      } catch (error) {
        execution.releaseSlot();
        const failure = toFailure(error);
        const metrics = { durationMs: execution.now() - started, ...failure.metrics };
        if (!retries || attempt > retries.max || !failure.retryable || this.stopped || this.signal.aborted) {
          return { status: 'failed', error: failure, metrics };
        }
        const delayMs = backoffDelay(attempt, retries, execution.random());
        execution.emit({
          type: 'node.retried',
          node: key,
          attempt: attempt + 1,
          delayMs,
          error: failureData(failure),
          metrics,
        });
        if (!(await execution.sleep(delayMs, this.stopSignal))) return { status: 'interrupted', started: true };
        continue;
      }
      execution.releaseSlot();
      execution.emit({
        type: 'node.completed',
        node: key,
        output: result.output,
        metrics: { durationMs: execution.now() - started, ...result.metrics },
      });
      return { status: 'completed', output: result.output };
    }
  }
}

/** A failure outcome. */
export function failed(code: string, message: string, retryable = false): Outcome {
  return { status: 'failed', error: new NodeFailure(code, message, retryable) };
}
