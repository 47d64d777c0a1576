import { describe, expect, it } from 'vitest';
import type { Notice } from '../../src/shared/ipc/domains/notifications';
import { addToGroup, describeGroup, groupKey } from '../../src/renderer/src/features/notifications/state/grouping';

const review = (taskId: string, title: string): Notice => ({
  kind: 'review',
  heading: 'A task is ready for review',
  body: `${title}: the check passed`,
  target: { type: 'task', projectId: 'p', taskId },
});
const approval = (runId: string, prompt: string): Notice => ({
  kind: 'approval',
  heading: 'An agent run needs your approval',
  body: `${prompt}: shell__run wants to run npm test`,
  target: { type: 'agentRun', projectId: 'p', runId },
});

/** The toast a burst of notices of one group ends as. */
const burst = (...notices: Notice[]) => describeGroup(notices.reduce<readonly Notice[]>(addToGroup, []));

describe('the toast for a burst of notices', () => {
  it('shows one notice as it came, with a button to its task or run', () => {
    expect(burst(review('t1', 'alpha'))).toEqual({
      kind: 'info',
      title: 'A task is ready for review',
      text: 'alpha: the check passed',
      label: 'Show task',
    });
    expect(burst(approval('r1', 'Fix the test')).label).toBe('Show run');
  });

  it('counts several and names each, the newest last', () => {
    expect(burst(review('t1', 'alpha'), review('t2', 'bravo'), review('t3', 'charlie'))).toEqual({
      kind: 'info',
      title: '3 tasks are ready for review',
      text: 'alpha · bravo · charlie',
      label: 'Show the latest',
    });
    expect(burst(approval('r1', 'Fix the test'), approval('r2', 'Add docs')).title).toBe(
      '2 agent runs need your approval',
    );
  });

  it('counts a task or run once when it asks twice', () => {
    expect(burst(review('t1', 'alpha'), review('t2', 'bravo'), review('t1', 'alpha')).text).toBe('bravo · alpha');
  });

  it('shows a failure as an error, and a heading it has no plural for with a count', () => {
    const failed: Notice = { ...review('t1', 'alpha'), kind: 'failed', heading: 'Something odd' };
    expect(burst(failed).kind).toBe('error');
    expect(burst(failed, { ...failed, target: { type: 'task', projectId: 'p', taskId: 't2' } }).title).toBe(
      'Something odd (2)',
    );
  });

  it('groups by heading: a task and a run asking for approval are two toasts', () => {
    const task: Notice = { ...review('t1', 'alpha'), kind: 'approval', heading: 'A task needs your approval' };
    expect(groupKey(task)).not.toBe(groupKey(approval('r1', 'Fix')));
  });

  it('shortens a long name in a group', () => {
    const long = 'x'.repeat(60);
    expect(burst(review('t1', long), review('t2', 'b')).text).toBe(`${'x'.repeat(39)}… · b`);
  });
});
