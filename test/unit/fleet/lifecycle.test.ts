import { describe, expect, it } from 'vitest';
import { transition, type TaskTransition } from '../../../src/main/fleet/lifecycle';
import type { Task } from '../../../src/shared/domain/tasks';

function task(patch: Partial<Task> = {}): Task {
  return {
    id: 'aaaaaa01',
    projectId: 'project01',
    title: 'Write the parser',
    description: '',
    priority: 3,
    labels: [],
    dependsOn: [],
    assignee: null,
    baseBranch: 'main',
    state: 'backlog',
    interrupted: false,
    branch: null,
    stackedOn: null,
    runId: null,
    checkAttempts: 0,
    failure: null,
    costUsd: 0,
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

/** Applies events in order, failing the test on the first refusal. */
function run(start: Task, events: TaskTransition[]): Task {
  let t = start;
  for (const e of events) {
    const r = transition(t, e, 100);
    if (!r.ok) throw new Error(r.error.message);
    t = r.task;
  }
  return t;
}

describe('task lifecycle', () => {
  it('walks the happy path backlog → ready → running → validating → review → merging → done', () => {
    const states: string[] = [];
    let t = task();
    for (const e of [
      { type: 'queue', depsDone: true },
      { type: 'start', branch: 'weft/task-aaaaaa01', runId: 'run1', stackedOn: null },
      { type: 'finished' },
      { type: 'checkPassed' },
      { type: 'approve' },
      { type: 'landed' },
    ] as TaskTransition[]) {
      t = run(t, [e]);
      states.push(t.state);
    }
    expect(states).toEqual(['ready', 'running', 'validating', 'review', 'merging', 'done']);
    expect(t.branch).toBe('weft/task-aaaaaa01');
    expect(t.updatedAt).toBe(100);
  });

  it('queues a task with open dependencies as blocked, and it becomes ready when they are done', () => {
    const blocked = run(task(), [{ type: 'queue', depsDone: false }]);
    expect(blocked.state).toBe('blocked');
    expect(run(blocked, [{ type: 'deps', depsDone: true }]).state).toBe('ready');
  });

  it('refuses an event from the wrong state by name, and changes nothing', () => {
    const t = task({ state: 'review' });
    const r = transition(t, { type: 'landed' }, 100);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from: 'review',
        event: 'landed',
        message: 'Task "Write the parser" is review; it cannot take a landing result.',
      },
    });
    expect(t.state).toBe('review');
  });

  it('starts a blocked task only when stacked on a dependency', () => {
    const t = task({ state: 'blocked' });
    const plain = transition(t, { type: 'start', branch: 'weft/task-x', runId: 'r', stackedOn: null }, 1);
    expect(plain.ok ? null : plain.error.code).toBe('dependencies_not_done');
    const stacked = run(t, [{ type: 'start', branch: 'weft/task-x', runId: 'r', stackedOn: 'bbbbbb02' }]);
    expect(stacked).toMatchObject({ state: 'running', stackedOn: 'bbbbbb02' });
    expect(run(stacked, [{ type: 'unstacked' }]).stackedOn).toBeNull();
  });

  it('sends a red check back to the run K times, then fails keeping the output', () => {
    let t = task({ state: 'validating' });
    const red: TaskTransition = { type: 'checkFailed', output: '1 test failed', maxRetries: 2 };
    t = run(t, [red]);
    expect(t).toMatchObject({ state: 'running', checkAttempts: 1 });
    t = run(t, [{ type: 'finished' }, red]);
    expect(t).toMatchObject({ state: 'running', checkAttempts: 2 });
    t = run(t, [{ type: 'finished' }, red]);
    expect(t.state).toBe('failed');
    expect(t.failure).toEqual({
      code: 'check_failed',
      message: 'The check command still failed after 2 follow-ups.',
      output: '1 test failed',
    });
  });

  it('a refused landing goes back to review with its reason; retry of a failed task clears it', () => {
    const reason = { code: 'merge_conflict', message: 'Conflicts in src/a.ts', output: null };
    const back = run(task({ state: 'merging' }), [{ type: 'mergeRejected', failure: reason }]);
    expect(back).toMatchObject({ state: 'review', failure: reason });
    const failed = task({ state: 'failed', failure: reason, checkAttempts: 2 });
    expect(run(failed, [{ type: 'retry', depsDone: true }])).toMatchObject({
      state: 'ready',
      failure: null,
      checkAttempts: 0,
    });
  });

  it('cancels from any unfinished state and reopens into the backlog; done stays done', () => {
    for (const state of [
      'backlog',
      'ready',
      'blocked',
      'running',
      'validating',
      'review',
      'merging',
      'failed',
    ] as const) {
      expect(run(task({ state }), [{ type: 'cancel' }]).state).toBe('cancelled');
    }
    expect(transition(task({ state: 'done' }), { type: 'cancel' }, 1).ok).toBe(false);
    expect(run(task({ state: 'cancelled' }), [{ type: 'reopen' }]).state).toBe('backlog');
  });

  it('an interrupted task takes no step until it is continued', () => {
    const t = run(task({ state: 'running' }), [{ type: 'interrupt' }]);
    expect(t).toMatchObject({ state: 'running', interrupted: true });
    const refused = transition(t, { type: 'finished' }, 1);
    expect(refused.ok ? null : refused.error.code).toBe('task_interrupted');
    const resumed = run(t, [{ type: 'resume' }]);
    expect(resumed.interrupted).toBe(false);
    const again = transition(resumed, { type: 'resume' }, 1);
    expect(again.ok ? null : again.error.code).toBe('not_interrupted');
    expect(run(t, [{ type: 'cancel' }])).toMatchObject({ state: 'cancelled', interrupted: false });
  });
});
