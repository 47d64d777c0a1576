import { evaluateExpression, ExpressionError, truthy } from '../../../shared/workflow/expression';
import { resolveInputs } from '../../../shared/workflow/inputs';
import type { LoopNode, MapNode, WorkflowCallNode } from '../../../shared/workflow/schema';
import { resolveDeep, resolveTemplate, TemplateError } from '../../../shared/workflow/template';
import { onAbort } from './abort';
import { NodeFailure } from './types';
import { failed, type Outcome, type ScopeOutcome, type ScopeRun } from './scope-run';

/** Items a map may fan out to. */
export const MAX_MAP_ITEMS = 10_000;
/** Workflows calling workflows, at most this deep. */
export const MAX_WORKFLOW_DEPTH = 8;

/**
 * A signal for a container's body: aborted with the parent's reason, or with a timeout failure
 * when the container's own timeout passes (which also stops the body).
 */
function containerSignal(
  scope: ScopeRun,
  timeoutMs: number | undefined,
  onTimeout: () => void,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  if (timeoutMs === undefined) return { signal: scope.signal, timedOut: () => false, dispose: () => undefined };
  const controller = new AbortController();
  const unlink = onAbort(scope.signal, () => controller.abort(scope.signal.reason));
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new NodeFailure('timeout', `The step took longer than its timeout of ${timeoutMs} ms.`));
    onTimeout();
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => fired,
    dispose: () => {
      clearTimeout(timer);
      unlink();
    },
  };
}

function timeoutOutcome(timeoutMs: number | undefined): Outcome {
  return failed('timeout', `The step took longer than its timeout of ${timeoutMs} ms.`, true);
}

/** What a body's failure makes of its container: interrupted when the run stops, else a failure. */
function bodyFailure(scope: ScopeRun, outcome: ScopeOutcome & { ok: false }, where: string): Outcome {
  if (outcome.error.code === 'cancelled' && (scope.isStopped || scope.signal.aborted)) {
    return { status: 'interrupted', started: true };
  }
  return {
    status: 'failed',
    error: new NodeFailure(outcome.error.code, `${where}: ${outcome.error.message}`, outcome.error.retryable),
  };
}

/** Runs the body once per item, `concurrency` items at a time; the first failing item stops the rest. */
export async function runMap(scope: ScopeRun, node: MapNode, key: string): Promise<Outcome> {
  let items: unknown;
  try {
    items = resolveTemplate(node.items, scope.values);
  } catch (error) {
    if (error instanceof TemplateError) return failed('template', error.message);
    throw error;
  }
  if (!Array.isArray(items)) return failed('invalid_items', 'The items of a map must be a list.');
  if (items.length > MAX_MAP_ITEMS)
    return failed(
      'invalid_items',
      `A map takes at most ${MAX_MAP_ITEMS.toLocaleString('en')} items, not ${items.length}.`,
    );
  const list = items as unknown[];
  const running = new Set<ScopeRun>();
  const guard = containerSignal(scope, node.timeoutMs, () => running.forEach((r) => r.stop()));
  const results = new Array<unknown>(list.length);
  let failure: Outcome | null = null;
  let next = 0;
  let active = 0;
  try {
    await new Promise<void>((resolve) => {
      const launch = (): void => {
        while (
          !failure &&
          !scope.isStopped &&
          !guard.signal.aborted &&
          active < (node.concurrency ?? 4) &&
          next < list.length
        ) {
          const index = next++;
          const item = scope.child(node.body, `${key}/${index}/`, { item: list[index], index }, guard.signal, true);
          running.add(item);
          active++;
          void item.run().then((outcome) => {
            active--;
            running.delete(item);
            scope.release(item);
            if (!outcome.ok) {
              failure ??= bodyFailure(scope, outcome, `Item ${index + 1}`);
              running.forEach((r) => r.stop());
            } else if (!failure) {
              try {
                results[index] = node.result === undefined ? item.outputs() : resolveDeep(node.result, item.values);
              } catch (error) {
                if (!(error instanceof TemplateError)) throw error;
                failure = failed('template', `Item ${index + 1}: ${error.message}`);
                running.forEach((r) => r.stop());
              }
            }
            launch();
          });
        }
        if (active === 0) resolve();
      };
      launch();
    });
  } finally {
    guard.dispose();
  }
  if (guard.timedOut()) return timeoutOutcome(node.timeoutMs);
  if (failure) return failure;
  if (next < list.length) return { status: 'interrupted', started: true };
  return { status: 'completed', output: results };
}

/** Runs the body until `until` holds after a pass, at most maxIterations times. */
export async function runLoop(scope: ScopeRun, node: LoopNode, key: string): Promise<Outcome> {
  let current: ScopeRun | null = null;
  const guard = containerSignal(scope, node.timeoutMs, () => current?.stop());
  try {
    for (let iteration = 1; iteration <= node.maxIterations; iteration++) {
      if (scope.isStopped || guard.signal.aborted) break;
      const pass: ScopeRun = scope.child(
        node.body,
        `${key}/${iteration}/`,
        { loop: { iteration } },
        guard.signal,
        true,
      );
      current = pass;
      const outcome = await pass.run();
      scope.release(pass);
      if (guard.timedOut()) return timeoutOutcome(node.timeoutMs);
      if (!outcome.ok) return bodyFailure(scope, outcome, `Pass ${iteration}`);
      let done: unknown;
      try {
        done = evaluateExpression(node.until, pass.values);
      } catch (error) {
        if (error instanceof ExpressionError) return failed('expression', `until: ${error.message}`);
        throw error;
      }
      if (truthy(done)) return { status: 'completed', output: { iterations: iteration, outputs: pass.outputs() } };
    }
  } finally {
    guard.dispose();
  }
  if (scope.isStopped || scope.signal.aborted) return { status: 'interrupted', started: true };
  return failed('loop_exhausted', `Still not done after ${node.maxIterations} passes (until: ${node.until}).`);
}

/** Runs another workflow of the project with its own inputs; its declared outputs are this node's output. */
export async function runSubWorkflow(scope: ScopeRun, node: WorkflowCallNode, key: string): Promise<Outcome> {
  if (scope.depth + 1 > MAX_WORKFLOW_DEPTH) {
    return failed('workflow_invalid', `Workflows call each other more than ${MAX_WORKFLOW_DEPTH} deep.`);
  }
  let definition;
  try {
    definition = await scope.execution.loadWorkflow(node.workflow);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return failed(
      typeof code === 'string' ? code : 'workflow_not_found',
      (error as Error).message || `Cannot load ${node.workflow}.`,
    );
  }
  let given: Record<string, unknown>;
  try {
    given = resolveDeep(node.inputs, scope.values) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TemplateError) return failed('template', error.message);
    throw error;
  }
  const { values, issues } = resolveInputs(definition, given);
  if (issues.length > 0)
    return failed('workflow_invalid', `${node.workflow}: ${issues.map((i) => i.message).join(' ')}`);
  let inner: ScopeRun | null = null;
  const guard = containerSignal(scope, node.timeoutMs, () => inner?.stop());
  try {
    inner = scope.child(definition, `${key}/`, { inputs: values }, guard.signal, false);
    const outcome = await inner.run();
    scope.release(inner);
    if (guard.timedOut()) return timeoutOutcome(node.timeoutMs);
    if (!outcome.ok) return bodyFailure(scope, outcome, node.workflow);
    try {
      return { status: 'completed', output: resolveDeep(definition.outputs, inner.values) };
    } catch (error) {
      if (error instanceof TemplateError) return failed('template', `${node.workflow} outputs: ${error.message}`);
      throw error;
    }
  } finally {
    guard.dispose();
  }
}
