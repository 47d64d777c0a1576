import { SecretRegistry } from '../../../src/main/logging/secret-registry';
import { describe, expect, it } from 'vitest';
import { AgentRunNotices, WorkflowRunNotices, shortPrompt } from '../../../src/main/notifications/run-notices';
import type { RunView } from '../../../src/shared/domain/agent';
import type { WorkflowRunInfo } from '../../../src/shared/domain/workflow-runs';

const run = (patch: Partial<RunView>): RunView => ({
  id: 'run000001',
  projectId: 'p1',
  task: 'Fix the bug',
  model: { providerId: 'local', model: 'm' },
  status: 'running',
  error: null,
  branch: 'weft/run000001',
  baseBranch: 'main',
  baseCommit: 'abc',
  worktree: '/data/worktrees/run000001',
  review: 'open',
  steps: 0,
  maxSteps: 40,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  budgetUsd: null,
  createdAt: 1,
  updatedAt: 1,
  ...patch,
});

const workflowRun = (patch: Partial<WorkflowRunInfo>): WorkflowRunInfo => ({
  id: 'wf1',
  projectId: 'p1',
  workflow: 'ship',
  status: 'running',
  attempt: 1,
  error: null,
  inputs: {},
  repo: '/repo',
  root: '/data/worktrees/wf1',
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  createdAt: 1_000,
  updatedAt: 1_000,
  finishedAt: null,
  waiting: [],
  counts: null,
  ...patch,
});

describe('agent run notices', () => {
  it('ignores runs that were final before they were seen live (start-up, a review of a finished run)', () => {
    const notices = new AgentRunNotices();
    expect(notices.changed(run({ status: 'completed' }))).toBeNull();
    expect(notices.changed(run({ status: 'failed', error: { code: 'internal', message: 'x' } }))).toBeNull();
  });

  it('tells each approval wait once, and an approval again after the run went on', () => {
    const notices = new AgentRunNotices();
    expect(notices.changed(run({ status: 'running' }))).toBeNull();
    expect(notices.changed(run({ status: 'awaiting_approval' }))?.kind).toBe('approval');
    expect(notices.changed(run({ status: 'awaiting_approval', inputTokens: 5 }))).toBeNull();
    expect(notices.changed(run({ status: 'running' }))).toBeNull();
    expect(notices.changed(run({ status: 'awaiting_approval' }))?.body).toBe(
      'Fix the bug: The agent asks before running a tool.',
    );
    expect(notices.changed(run({ status: 'budget_exceeded', budgetUsd: 0.5 }))).toMatchObject({
      kind: 'failed',
      body: 'Fix the bug: It reached its budget ($0.50).',
    });
    // Forgotten once final: the same final status again is not news.
    expect(notices.changed(run({ status: 'budget_exceeded', budgetUsd: 0.5 }))).toBeNull();
    // A prompt's own full stop is not followed by the colon.
    notices.changed(run({ id: 'run000009', task: 'Check the tests.', status: 'running' }));
    expect(notices.changed(run({ id: 'run000009', task: 'Check the tests.', status: 'awaiting_approval' }))?.body).toBe(
      'Check the tests: The agent asks before running a tool.',
    );
  });

  it('leaves a board task’s run and a workflow step’s run to their owners', () => {
    const notices = new AgentRunNotices();
    const task = { worktree: '/data/worktrees/task-abc123', branch: 'weft/task-abc123' };
    notices.changed(run({ ...task, status: 'running' }));
    expect(notices.changed(run({ ...task, status: 'awaiting_approval' }))).toBeNull();
    expect(notices.changed(run({ ...task, status: 'completed' }))).toBeNull();
    // A pruned task's run has no worktree any more; its branch still says whose it is.
    notices.changed(run({ id: 'run000002', branch: 'weft/task-abc123', worktree: null, status: 'running' }));
    expect(
      notices.changed(run({ id: 'run000002', branch: 'weft/task-abc123', worktree: null, status: 'completed' })),
    ).toBeNull();
    notices.changed(run({ id: 'run000003', review: 'workflow', status: 'running' }));
    expect(notices.changed(run({ id: 'run000003', review: 'workflow', status: 'completed' }))).toBeNull();
  });

  it('cuts a long prompt to one short line', () => {
    expect(shortPrompt('Fix\n\n  the   bug')).toBe('Fix the bug');
    const long = shortPrompt('word '.repeat(40));
    expect(long.length).toBe(80);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('workflow run notices', () => {
  it('tells a quick run that is first seen finished, but not one that finished before start-up', () => {
    const notices = new WorkflowRunNotices(1_000);
    expect(notices.changed(workflowRun({ status: 'completed', finishedAt: 1_050 }))).toMatchObject({
      kind: 'done',
      heading: 'A workflow run finished',
      body: 'ship',
    });
    expect(notices.changed(workflowRun({ status: 'completed', finishedAt: 1_050 }))).toBeNull();
    expect(notices.changed(workflowRun({ id: 'old', status: 'failed', finishedAt: 900 }))).toBeNull();
  });

  it('tells a retried run’s new end, and leaves a task’s workflow run to the board', () => {
    const notices = new WorkflowRunNotices(0);
    const error = { code: 'exit', message: 'The step exited with 3.' };
    expect(notices.changed(workflowRun({ status: 'failed', error, finishedAt: 5 }))?.body).toBe(
      'ship: The step exited with 3.',
    );
    notices.changed(workflowRun({ status: 'running', attempt: 2 }));
    expect(notices.changed(workflowRun({ status: 'completed', attempt: 2, finishedAt: 9 }))?.kind).toBe('done');
    const task = { id: 'wf2', root: '/data/worktrees/task-abc123' };
    expect(notices.changed(workflowRun({ ...task, status: 'awaiting_approval' }))).toBeNull();
    expect(notices.changed(workflowRun({ ...task, status: 'completed', finishedAt: 9 }))).toBeNull();
  });
  it('hides a known secret in the prompt before cutting it (half a secret would not be recognised later)', () => {
    const secret = 'wq9XkR2mPz7LbN4vT8sYcH1dFgJ6aE3u';
    const registry = new SecretRegistry();
    registry.register(secret);
    const notices = new AgentRunNotices((text) => registry.scrubKnown(text));
    const task = `Deploy the staging build and log in to the admin console using the token ${secret} please`;
    notices.changed(run({ id: 'run000010', task, status: 'running' }));
    const notice = notices.changed(run({ id: 'run000010', task, status: 'completed' }));
    expect(notice?.body).not.toContain(secret.slice(0, 6));
    expect(notice?.body).toContain('using the token');
  });
  it('tells a second step waiting in a run that already waits (a parallel branch), once', () => {
    const notices = new WorkflowRunNotices(0);
    notices.changed(workflowRun({ status: 'running' }));
    const a = { node: 'gate-a', message: 'Ship the API?' };
    const b = { node: 'gate-b', message: 'Ship the docs?' };
    expect(notices.changed(workflowRun({ status: 'awaiting_approval', waiting: [a] }))?.body).toBe(
      'ship: Ship the API?',
    );
    expect(notices.changed(workflowRun({ status: 'awaiting_approval', waiting: [a, b] }))?.body).toBe(
      'ship: Ship the docs?',
    );
    expect(notices.changed(workflowRun({ status: 'awaiting_approval', waiting: [a, b] }))).toBeNull();
    expect(notices.changed(workflowRun({ status: 'awaiting_approval', waiting: [b] }))).toBeNull();
  });
});
