import { describe, expect, it } from 'vitest';
import { RunProjection } from '../../../src/shared/domain/workflow-projection';
import type { WorkflowEvent, WorkflowEventBody } from '../../../src/shared/workflow/run';

/** Numbers events as the journal does, one millisecond apart. */
function journal(...bodies: WorkflowEventBody[]): WorkflowEvent[] {
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: 1000 + i * 100 }));
}

describe('run projection from the journal', () => {
  it('follows a node from pending through running and retrying to completed, with its input, output, log and usage', () => {
    const events = journal(
      { type: 'run.started', attempt: 1, mode: 'start' },
      { type: 'node.started', node: 'ask', kind: 'llm', attempt: 1, input: { prompt: 'hi' } },
      { type: 'node.retried', node: 'ask', attempt: 2, delayMs: 10, error: { code: 'model_timeout', message: 'slow' } },
      { type: 'node.started', node: 'ask', kind: 'llm', attempt: 2, input: { prompt: 'hi' } },
      { type: 'node.log', node: 'ask', stream: 'info', text: 'calling' },
      {
        type: 'node.completed',
        node: 'ask',
        output: 'hello',
        metrics: { durationMs: 250, inputTokens: 12, outputTokens: 3, costUsd: 0.001 },
      },
      { type: 'run.completed', outputs: {} },
    );
    const p = new RunProjection([
      { id: 'ask', kind: 'llm' },
      { id: 'later', kind: 'shell' },
    ]);
    expect(p.nodes.get('later')!.view.status).toBe('pending');
    const first = p.apply(events.slice(0, 3));
    expect([...first.changed]).toEqual(['ask']);
    expect(p.nodes.get('ask')!.view).toMatchObject({
      status: 'retrying',
      attempt: 2,
      error: { code: 'model_timeout' },
    });
    const rest = p.apply(events);
    expect(rest.lines).toEqual([{ node: 'ask', stream: 'info', text: 'calling', at: 1400 }]);
    const ask = p.nodes.get('ask')!;
    expect(ask.view).toMatchObject({
      status: 'completed',
      attempt: 2,
      startedAt: 1100,
      endedAt: 1500,
      durationMs: 250,
      inputTokens: 12,
      outputTokens: 3,
      costUsd: 0.001,
      error: null,
    });
    expect(ask.input).toEqual({ prompt: 'hi' });
    expect(ask.output).toBe('hello');
    expect(ask.logs.map((l) => l.text)).toEqual(['calling']);
    expect(p.counts()).toEqual({ total: 2, completed: 1, failed: 0, running: 0 });
    expect(p.isEnded).toBe(true);
    // Events folded in already are ignored, so re-reading the journal is harmless.
    expect(p.apply(events).changed.size).toBe(0);
  });

  it('marks steps a crash left running as cancelled, and a retry makes what it invalidated pending again', () => {
    const p = new RunProjection([
      { id: 'a', kind: 'shell' },
      { id: 'each', kind: 'map' },
    ]);
    p.apply(
      journal(
        { type: 'run.started', attempt: 1, mode: 'start' },
        { type: 'node.started', node: 'a', kind: 'shell', attempt: 1 },
        { type: 'node.failed', node: 'a', error: { code: 'exit_code', message: 'exit 1' }, handled: true },
        { type: 'node.started', node: 'each', kind: 'map', attempt: 1 },
        { type: 'node.started', node: 'each/0/impl', kind: 'agent', attempt: 1 },
        { type: 'node.waiting', node: 'each/1/ok', message: 'Fine?' },
        { type: 'run.interrupted' },
      ),
    );
    expect(p.nodes.get('a')!.view).toMatchObject({ status: 'failed', handled: true });
    expect(p.nodes.get('each/0/impl')!.view.status).toBe('cancelled');
    expect(p.nodes.get('each/1/ok')!.view).toMatchObject({ status: 'cancelled', message: 'Fine?' });
    // A handled failure is part of the plan, not a failed step of the run.
    expect(p.counts()).toEqual({ total: 4, completed: 0, failed: 0, running: 0 });

    const retry: WorkflowEvent = {
      type: 'run.started',
      attempt: 2,
      mode: 'retry',
      fromNode: 'each',
      invalidated: ['each'],
      seq: 8,
      at: 5000,
    };
    const { changed } = p.apply([retry]);
    expect([...changed].sort()).toEqual(['each', 'each/0/impl', 'each/1/ok']);
    expect(p.nodes.get('each')!.view.status).toBe('pending');
    expect(p.nodes.has('each/0/impl')).toBe(false);
    expect(p.nodes.get('a')!.view.status).toBe('failed');
  });
});
