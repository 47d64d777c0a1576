import { describe, expect, it } from 'vitest';
import {
  decide,
  measureScheduler,
  type ScheduledTask,
  type SchedulerSettings,
  type SchedulerSnapshot,
} from '../../../src/main/fleet/scheduler';

function t(id: string, patch: Partial<ScheduledTask> = {}): ScheduledTask {
  return {
    id,
    state: 'ready',
    priority: 3,
    createdAt: 0,
    dependsOn: [],
    provider: null,
    assigned: true,
    interrupted: false,
    baseBranch: 'main',
    branch: null,
    stackedOn: null,
    ...patch,
  };
}

const settings: SchedulerSettings = {
  concurrency: 2,
  providerLimits: {},
  allowStacked: false,
  budgetUsd: null,
  autoResume: false,
};

function snap(tasks: ScheduledTask[], patch: Partial<SchedulerSnapshot> = {}): SchedulerSnapshot {
  return { tasks, inFlight: {}, settings, spentUsd: 0, paused: null, ...patch };
}

const started = (s: SchedulerSnapshot) => decide(s).flatMap((d) => (d.kind === 'start' ? [d.taskId] : []));

describe('scheduler', () => {
  it('starts the most urgent first, then the oldest, up to the concurrency limit', () => {
    const tasks = [
      t('late', { priority: 2, createdAt: 30 }),
      t('low', { priority: 5, createdAt: 1 }),
      t('early', { priority: 2, createdAt: 10 }),
      t('urgent', { priority: 1, createdAt: 50 }),
    ];
    expect(started(snap(tasks))).toEqual(['urgent', 'early']);
    expect(started(snap(tasks, { settings: { ...settings, concurrency: 3 } }))).toEqual(['urgent', 'early', 'late']);
  });

  it('counts running and validating tasks against the limit, but not review or merging', () => {
    const busy = [t('r', { state: 'running' }), t('v', { state: 'validating' }), t('next')];
    expect(started(snap(busy))).toEqual([]);
    const idle = [t('rev', { state: 'review' }), t('m', { state: 'merging' }), t('next')];
    expect(started(snap(idle))).toEqual(['next']);
  });

  it('gives each decision where the task branches from', () => {
    expect(decide(snap([t('a', { baseBranch: 'develop' })]))).toEqual([
      { kind: 'start', taskId: 'a', base: { kind: 'branch', branch: 'develop' } },
    ]);
  });

  it('keeps a provider to its limit, counting requests already in flight, and skips to other providers', () => {
    const tasks = [
      t('a1', { provider: 'anthropic', createdAt: 1 }),
      t('a2', { provider: 'anthropic', createdAt: 2 }),
      t('l1', { provider: 'local', createdAt: 3 }),
    ];
    const limited = { ...settings, concurrency: 5, providerLimits: { anthropic: 2, local: 1 } };
    expect(started(snap(tasks, { settings: limited }))).toEqual(['a1', 'a2', 'l1']);
    // Another run already has a request in flight to anthropic: only one more fits.
    expect(started(snap(tasks, { settings: limited, inFlight: { anthropic: 1 } }))).toEqual(['a1', 'l1']);
    expect(started(snap(tasks, { settings: limited, inFlight: { anthropic: 2, local: 1 } }))).toEqual([]);
  });

  it('leaves a ready task without an agent or workflow waiting', () => {
    expect(started(snap([t('nobody', { assigned: false, priority: 1 }), t('someone', { priority: 5 })]))).toEqual([
      'someone',
    ]);
  });

  it('does not start a task whose dependency is not done, failed or cancelled', () => {
    const tasks = [
      t('dep-failed', { state: 'failed' }),
      t('dep-cancelled', { state: 'cancelled' }),
      t('dep-done', { state: 'done' }),
      t('x', { state: 'blocked', dependsOn: ['dep-failed'] }),
      t('y', { state: 'ready', dependsOn: ['dep-cancelled'] }),
      t('z', { state: 'ready', dependsOn: ['dep-done'] }),
      t('w', { state: 'ready', dependsOn: ['missing'] }),
    ];
    expect(started(snap(tasks, { settings: { ...settings, allowStacked: true, concurrency: 9 } }))).toEqual(['z']);
  });

  it('starts stacked on a dependency in review only when the user allows it', () => {
    const tasks = [
      t('dep', { state: 'review', branch: 'weft/task-dep' }),
      t('next', { state: 'blocked', dependsOn: ['dep'] }),
    ];
    expect(decide(snap(tasks))).toEqual([]);
    expect(decide(snap(tasks, { settings: { ...settings, allowStacked: true } }))).toEqual([
      { kind: 'start', taskId: 'next', base: { kind: 'stacked', on: 'dep', branch: 'weft/task-dep' } },
    ]);
  });

  it('does not stack on a dependency that is running, nor on two open dependencies, nor on a stack', () => {
    const allow = { settings: { ...settings, allowStacked: true, concurrency: 9 } };
    const running = [
      t('dep', { state: 'running', branch: 'weft/task-dep' }),
      t('n', { state: 'blocked', dependsOn: ['dep'] }),
    ];
    expect(started(snap(running, allow))).toEqual([]);
    const two = [
      t('d1', { state: 'review', branch: 'weft/task-d1' }),
      t('d2', { state: 'review', branch: 'weft/task-d2' }),
      t('n', { state: 'blocked', dependsOn: ['d1', 'd2'] }),
    ];
    expect(started(snap(two, allow))).toEqual([]);
    const stack = [
      t('d1', { state: 'review', branch: 'weft/task-d1', stackedOn: 'd0' }),
      t('n', { state: 'blocked', dependsOn: ['d1'] }),
    ];
    expect(started(snap(stack, allow))).toEqual([]);
  });

  it('pauses the board when the budget is spent, and starts nothing', () => {
    const tasks = [t('a'), t('b', { state: 'running' })];
    const budget = { ...settings, budgetUsd: 5 };
    expect(decide(snap(tasks, { settings: budget, spentUsd: 4.99 }))).toHaveLength(1);
    expect(decide(snap(tasks, { settings: budget, spentUsd: 5 }))).toEqual([
      { kind: 'pause', reason: 'budget', spentUsd: 5, budgetUsd: 5 },
    ]);
    expect(decide(snap(tasks, { paused: 'user' }))).toEqual([]);
  });

  it('resumes interrupted tasks first when auto-resume is on, within the limits', () => {
    const tasks = [
      t('new', { priority: 1 }),
      t('i1', { state: 'running', interrupted: true, createdAt: 1 }),
      t('i2', { state: 'validating', interrupted: true, createdAt: 2 }),
      t('i3', { state: 'running', interrupted: true, createdAt: 3 }),
      t('landing', { state: 'merging', interrupted: true, createdAt: 4 }),
    ];
    expect(decide(snap(tasks))).toEqual([{ kind: 'start', taskId: 'new', base: { kind: 'branch', branch: 'main' } }]);
    expect(decide(snap(tasks, { settings: { ...settings, autoResume: true } }))).toEqual([
      { kind: 'resume', taskId: 'i1' },
      { kind: 'resume', taskId: 'i2' },
      { kind: 'resume', taskId: 'landing' },
    ]);
  });

  it('decides the same way for the same board, whatever order the tasks come in', () => {
    const tasks = Array.from({ length: 40 }, (_, i) =>
      t(`t${i}`, { priority: 1 + (i % 3), createdAt: i % 7, provider: i % 2 ? 'x' : 'y' }),
    );
    const s = { ...settings, concurrency: 6, providerLimits: { x: 2 } };
    const once = decide(snap(tasks, { settings: s }));
    expect(decide(snap([...tasks].reverse(), { settings: s }))).toEqual(once);
  });

  it('costs well under 5 ms per task on a board of 1000', () => {
    const figure = measureScheduler(1000, 2);
    expect(figure.tasks).toBe(1000);
    console.log(`scheduler: ${figure.msPerTask.toFixed(4)} ms per task over ${figure.passes} passes`);
    expect(figure.msPerTask).toBeLessThan(5);
  });
});
