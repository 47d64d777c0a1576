import type { WorkflowEventBody, WorkflowRunStatus } from '../../../shared/workflow/run';
import { resolveDeep, TemplateError } from '../../../shared/workflow/template';
import { onAbort } from './abort';
import { failureData } from './failure';
import { posixQuote } from './resolve';
import { cancelledFailure, ScopeRun } from './scope-run';
import { Slots } from './slots';
import {
  NodeFailure,
  type EngineDeps,
  type ExecutionContext,
  type ExecutorTable,
  type NodeResult,
  type PriorOutcome,
  type RunOutcome,
  type RunSpec,
} from './types';

/** What the person approving answered. */
export interface ApprovalDecision {
  readonly approved: boolean;
  readonly comment?: string;
}

/** Logs beyond this many characters per node are dropped (with one marker), so a chatty step cannot fill the journal. */
const LOG_CAP = 1_000_000;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, ms);
    const unsubscribe = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * One attempt of a workflow run: owns the run-wide state the scopes share (slots, pause,
 * cancel, approvals) and journals the run's own events. Pure: no Node imports, timers only
 * through the injected clock, so the scheduler is unit-tested without I/O.
 */
export class WorkflowExecution {
  readonly executors: ExecutorTable;
  readonly shellQuote: (text: string, before: string) => string;
  readonly now: () => number;
  readonly random: () => number;
  private readonly sleepFor: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly slots: Slots;
  private readonly cancelController = new AbortController();
  private readonly scopes = new Set<ScopeRun>();
  private readonly approvals = new Map<
    string,
    { readonly message: string; readonly decide: (d: ApprovalDecision) => void }
  >();
  private readonly unpauseWaiters = new Set<() => void>();
  private readonly logSizes = new Map<string, number>();
  private pausedFlag = false;
  private live: WorkflowRunStatus = 'running';
  private root: ScopeRun | null = null;
  private outcome: RunOutcome | null = null;
  private stopReason: 'cancelled' | 'interrupted' = 'cancelled';

  constructor(
    readonly spec: RunSpec,
    private readonly deps: EngineDeps,
  ) {
    this.executors = deps.executors;
    this.shellQuote = deps.shellQuote ?? posixQuote;
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.sleepFor = deps.sleep ?? defaultSleep;
    this.slots = new Slots(spec.definition.concurrency);
  }

  emit(event: WorkflowEventBody): void {
    this.deps.emit(event);
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** running, paused or awaiting_approval while live; the final status after. */
  get status(): WorkflowRunStatus {
    return this.outcome?.status ?? this.live;
  }

  loadWorkflow(name: string) {
    return this.deps.loadWorkflow(name);
  }

  prior(key: string): PriorOutcome | undefined {
    return this.spec.prior?.get(key);
  }

  /** Runs the workflow to its end. Call once. */
  async run(): Promise<RunOutcome> {
    const { spec } = this;
    this.emit({
      type: 'run.started',
      attempt: spec.attempt,
      mode: spec.mode,
      ...(spec.fromNode !== undefined ? { fromNode: spec.fromNode } : {}),
      ...(spec.invalidated ? { invalidated: [...spec.invalidated] } : {}),
    });
    const root = new ScopeRun(
      this,
      spec.definition,
      '',
      { inputs: spec.inputs },
      null,
      this.cancelController.signal,
      0,
    );
    this.root = root;
    let result = await root.run();
    let outputs: Record<string, unknown> = {};
    if (result.ok) {
      try {
        outputs = resolveDeep(spec.definition.outputs, root.values) as Record<string, unknown>;
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        result = { ok: false, error: new NodeFailure('template', `The workflow's outputs: ${error.message}`, false) };
      }
    }
    if (this.cancelController.signal.aborted) {
      this.outcome = { status: this.stopReason };
      this.emit({ type: this.stopReason === 'cancelled' ? 'run.cancelled' : 'run.interrupted' });
    } else if (!result.ok) {
      this.outcome = {
        status: 'failed',
        error: failureData(result.error),
        ...(result.node ? { node: result.node } : {}),
      };
      this.emit({
        type: 'run.failed',
        error: failureData(result.error),
        ...(result.node ? { node: result.node } : {}),
      });
    } else {
      this.outcome = { status: 'completed', outputs };
      this.emit({ type: 'run.completed', outputs });
    }
    for (const wake of this.unpauseWaiters) wake();
    return this.outcome;
  }

  /** Stops starting steps until `unpause`; running steps finish. */
  pause(): void {
    if (this.pausedFlag || this.outcome) return;
    this.pausedFlag = true;
    this.updateStatus();
  }

  unpause(): void {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    this.updateStatus();
    for (const wake of [...this.unpauseWaiters]) wake();
    for (const scope of [...this.scopes]) scope.pump();
  }

  /**
   * Aborts running steps (their executors see the signal), stops everything and ends the run as
   * cancelled, or as interrupted when the app is shutting down (so it can be resumed).
   */
  cancel(reason: 'cancelled' | 'interrupted' = 'cancelled'): void {
    if (this.cancelController.signal.aborted || this.outcome) return;
    this.stopReason = reason;
    this.cancelController.abort(cancelledFailure());
    this.pausedFlag = false;
    for (const wake of [...this.unpauseWaiters]) wake();
    this.root?.stop();
  }

  /** Answers a waiting approval node; false when no node with that key waits. */
  approve(key: string, decision: ApprovalDecision): boolean {
    const waiting = this.approvals.get(key);
    if (!waiting) return false;
    waiting.decide(decision);
    return true;
  }

  /** Approval nodes waiting now. */
  waiting(): { node: string; message: string }[] {
    return [...this.approvals].map(([node, { message }]) => ({ node, message }));
  }

  /** @internal scopes that may have work when the run is unpaused. */
  watch(scope: ScopeRun): void {
    this.scopes.add(scope);
  }
  unwatch(scope: ScopeRun): void {
    this.scopes.delete(scope);
  }

  private updateStatus(): void {
    if (this.outcome) return;
    const next: WorkflowRunStatus = this.pausedFlag
      ? 'paused'
      : this.approvals.size > 0
        ? 'awaiting_approval'
        : 'running';
    if (next === this.live) return;
    this.live = next;
    this.emit({ type: 'run.status', status: next });
  }

  private whenUnpaused(stop: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let unsubscribe = (): void => undefined;
      const wake = (): void => {
        this.unpauseWaiters.delete(wake);
        unsubscribe();
        resolve();
      };
      this.unpauseWaiters.add(wake);
      unsubscribe = onAbort(stop, wake);
    });
  }

  /** Waits for a step slot (and for the run to be unpaused); false when `stop` aborted first. */
  async slot(stop: AbortSignal): Promise<boolean> {
    for (;;) {
      if (stop.aborted) return false;
      if (this.pausedFlag) {
        await this.whenUnpaused(stop);
        continue;
      }
      if (!this.slots.tryAcquire() && !(await this.slots.acquire(stop))) return false;
      if (!this.pausedFlag) return true;
      this.slots.release();
    }
  }

  releaseSlot(): void {
    this.slots.release();
  }

  /** Sleeps; false when `stop` aborted first. */
  async sleep(ms: number, stop: AbortSignal): Promise<boolean> {
    try {
      await this.sleepFor(ms, stop);
      return !stop.aborted;
    } catch {
      return false;
    }
  }

  /**
   * Runs one attempt of a step. The executor gets a signal that aborts on cancel and on the
   * timeout; the engine also stops waiting at that moment, so an executor that ignores its
   * signal cannot hold the run.
   */
  async invoke(
    executor: { execute(input: unknown, context: ExecutionContext): Promise<NodeResult> },
    input: unknown,
    key: string,
    attempt: number,
    parent: AbortSignal,
    timeoutMs: number | undefined,
  ): Promise<NodeResult> {
    if (parent.aborted) throw parent.reason;
    // A signal of its own per attempt: executors hang their listeners on it, not on the scope's.
    const controller = new AbortController();
    const signal = controller.signal;
    const unlink = onAbort(parent, () => controller.abort(parent.reason));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              controller.abort(new NodeFailure('timeout', `The step took longer than its timeout of ${timeoutMs} ms.`)),
            timeoutMs,
          );
    const context: ExecutionContext = {
      runId: this.spec.runId,
      projectId: this.spec.projectId,
      node: key,
      attempt,
      root: this.spec.root,
      signal,
      log: (text, stream = 'info') => this.log(key, text, stream),
    };
    try {
      return await new Promise<NodeResult>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        executor.execute(input, context).then(resolve, reject);
      });
    } catch (error) {
      throw signal.aborted ? signal.reason : error;
    } finally {
      unlink();
      clearTimeout(timer);
    }
  }

  private log(key: string, text: string, stream: 'stdout' | 'stderr' | 'info'): void {
    const used = this.logSizes.get(key) ?? 0;
    if (used >= LOG_CAP) return;
    const room = LOG_CAP - used;
    this.logSizes.set(key, used + Math.min(text.length, room));
    if (text.length <= room) this.emit({ type: 'node.log', node: key, stream, text });
    else
      this.emit({
        type: 'node.log',
        node: key,
        stream,
        text: `${text.slice(0, room)}\n[log truncated: over 1,000,000 characters]`,
      });
  }

  /** Waits for a decision on an approval node, the node's timeout, or the scope stopping. */
  waitForApproval(
    key: string,
    message: string,
    stop: AbortSignal,
    timeoutMs: number | undefined,
  ): Promise<ApprovalDecision | 'stopped' | 'timeout'> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let unsubscribe = (): void => undefined;
      const end = (answer: ApprovalDecision | 'stopped' | 'timeout'): void => {
        if (!this.approvals.has(key)) return;
        this.approvals.delete(key);
        clearTimeout(timer);
        unsubscribe();
        this.updateStatus();
        resolve(answer);
      };
      this.approvals.set(key, { message, decide: end });
      if (timeoutMs !== undefined) timer = setTimeout(() => end('timeout'), timeoutMs);
      this.updateStatus();
      unsubscribe = onAbort(stop, () => end('stopped'));
    });
  }
}
