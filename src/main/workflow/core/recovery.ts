import { downstreamOf, indexGraph } from '../../../shared/workflow/graph';
import type { WorkflowEventBody } from '../../../shared/workflow/run';
import type { WorkflowDefinition } from '../../../shared/workflow/schema';
import type { PriorOutcome } from './types';

/** True when `key` is `id` itself or lies inside it (`each` covers `each/3/impl`). */
function covers(id: string, key: string): boolean {
  return key === id || key.startsWith(`${id}/`);
}

/**
 * Replays a run's journal into the outcomes a resume reuses: completed nodes, and failures a
 * failure edge handled. A later attempt's `invalidated` list voids what it names (and what lies
 * inside it); an unhandled failure voids nothing but is not reused, so the node runs again.
 */
export function priorOutcomes(events: Iterable<WorkflowEventBody>): Map<string, PriorOutcome> {
  const out = new Map<string, PriorOutcome>();
  for (const event of events) {
    switch (event.type) {
      case 'run.started':
        if (event.invalidated?.length) {
          for (const key of [...out.keys()]) if (event.invalidated.some((id) => covers(id, key))) out.delete(key);
        }
        break;
      case 'node.completed':
        out.set(event.node, {
          status: 'completed',
          output: event.output,
          ...(event.branch !== undefined ? { branch: event.branch } : {}),
        });
        break;
      case 'node.failed':
        if (event.handled) out.set(event.node, { status: 'failed', error: event.error });
        else out.delete(event.node);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The top-level node and everything downstream of it: what "retry from node" runs again. */
export function retrySet(definition: WorkflowDefinition, fromNode: string): string[] | null {
  const graph = indexGraph(definition.nodes, definition.edges);
  const start = graph.index.get(fromNode);
  if (start === undefined) return null;
  return [...downstreamOf(graph, [start])].map((i) => graph.nodes[i]!.id);
}
