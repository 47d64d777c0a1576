import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import type { RunEntry, RunView } from '../../../src/shared/domain/agent';
import type { ApprovalPreset, Task, TaskState } from '../../../src/shared/domain/tasks';
import type { WorkflowRunInfo } from '../../../src/shared/domain/workflow-runs';
import type { Notice } from '../../../src/shared/ipc/domains/notifications';
import { buggyRepo, waitForStatus } from '../../helpers/agent';
import { ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';
import { useFleetModel } from '../../helpers/fleet-model';
import { addLocalProvider, modelBackend, useModelFixture } from '../../helpers/models';
import { until } from '../../helpers/until';

/** Every notice main sends, in order, as the renderer and the desktop shell hear them. */
function listen(backend: Backend): Notice[] {
  const notices: Notice[] = [];
  backend.events.on('notifications.attention', (notice) => notices.push(notice));
  return notices;
}

/** Resolves once the hub has carried a workflow run's change with a status other than `running`. */
function workflowEnded(backend: Backend, runId: string): Promise<WorkflowRunInfo> {
  return new Promise((resolve) => {
    const stop = backend.events.on('workflow.runChanged', (run) => {
      if (run.id !== runId || run.status === 'running') return;
      stop();
      resolve(run);
    });
  });
}

async function saveWorkflow(backend: Backend, projectId: string, name: string, nodes: object[], edges: object[] = []) {
  await ok(backend, 'workflow.save', { projectId, name, definition: { version: 1, nodes, edges }, create: true });
}

const runWorkflow = (backend: Backend, projectId: string, name: string) =>
  ok<WorkflowRunInfo>(backend, 'workflow.run', { projectId, name, inputs: {} });

describe('notices about agent runs the user started', () => {
  const fx = useModelFixture();

  async function setup() {
    const backend = fx.start();
    const providerId = await fx.addLocal('native');
    const projectId = await openProject(backend, buggyRepo());
    const notices = listen(backend);
    const start = (task: string, extra: Record<string, unknown> = {}) =>
      ok<RunView>(backend, 'agent.start', { projectId, task, model: { providerId, model: 'fake-model' }, ...extra });
    return { backend, projectId, providerId, notices, start };
  }

  it('says once that a run needs approval and once that it finished, each pointing at the run', async () => {
    const { backend, projectId, notices, start } = await setup();
    fx.fake.enqueue(
      { toolCalls: [{ name: 'shell__run', arguments: { command: 'rm -f README.md' } }] },
      { text: 'Removed the README.' },
    );
    const prompt = `Tidy up the repository: remove the README, ${'and keep everything else exactly as it is, '.repeat(3)}`;
    const run = await start(prompt);
    await waitForStatus(backend, run.id, ['awaiting_approval']);
    await until(() => notices.length === 1, 5_000);
    const target = { type: 'agentRun', projectId, runId: run.id };
    expect(notices[0]).toEqual({
      kind: 'approval',
      heading: 'An agent run needs your approval',
      body: expect.stringMatching(
        /^Tidy up the repository: remove the README, .*…: The agent asks before running shell__run\.$/,
      ),
      target,
    });
    // The prompt is cut to what an OS notification can show.
    expect(notices[0]!.body.split('…')[0]!.length).toBeLessThanOrEqual(80);

    // The journal sends the run again on every update with the same status (tokens, steps): no new notice.
    const same = backend.agent.get(run.id).run;
    backend.events.emit('agent.runChanged', same);
    backend.events.emit('agent.runChanged', { ...same, inputTokens: same.inputTokens + 10 });

    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: run.id });
    const card = entries.find((e) => e.kind === 'approval');
    await ok(backend, 'agent.approve', {
      runId: run.id,
      approvalId: card?.kind === 'approval' ? card.approvalId : '',
      decision: 'allow_once',
    });
    await waitForStatus(backend, run.id, ['completed']);
    await until(() => notices.length === 2, 5_000);
    expect(notices[1]).toEqual({
      kind: 'done',
      heading: 'An agent run finished',
      body: notices[0]!.body.replace(': The agent asks before running shell__run.', ''),
      target,
    });

    // Reviewing the finished run changes it again, but it did not finish again.
    await backend.agent.idleAll();
    await ok(backend, 'agent.finish', { runId: run.id, action: 'discard' });
    expect(backend.agent.get(run.id).run.review).toBe('discarded');
    expect(notices).toHaveLength(2);
  });

  it('says why a run stopped: the model’s error, or its step limit', async () => {
    const { backend, notices, start } = await setup();
    fx.fake.enqueue({ fault: { kind: 'status', status: 400, message: 'The prompt is not allowed.' } });
    const failing = await start('Explain the math module');
    const failed = await waitForStatus(backend, failing.id, ['failed', 'completed']);
    expect(failed.status).toBe('failed');
    await until(() => notices.length === 1, 5_000);
    expect(notices[0]).toMatchObject({
      kind: 'failed',
      heading: 'An agent run stopped',
      body: `Explain the math module: ${failed.error!.message}`,
      target: { type: 'agentRun', runId: failing.id },
    });

    const read = { toolCalls: [{ name: 'files__read', arguments: { path: 'README.md' } }] };
    fx.fake.enqueue(read, read, read);
    const looping = await start('Read forever', { maxSteps: 2 });
    expect((await waitForStatus(backend, looping.id, ['step_limit', 'completed', 'failed'])).status).toBe('step_limit');
    await until(() => notices.length === 2, 5_000);
    expect(notices[1]).toMatchObject({
      kind: 'failed',
      heading: 'An agent run stopped',
      body: 'Read forever: It reached its step limit (2 steps).',
    });
  });

  it('does not notify a cancelled run, nor a workflow step’s run (the workflow run notifies)', async () => {
    const { backend, projectId, providerId, notices, start } = await setup();
    fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: 'sleep 30' } }] });
    const waiting = await start('Wait a while');
    await waitForStatus(backend, waiting.id, ['awaiting_approval']);
    await until(() => notices.length === 1, 5_000);
    expect(notices[0]).toMatchObject({ kind: 'approval', target: { type: 'agentRun', runId: waiting.id } });
    // The user stopped it: they know.
    expect((await ok<RunView>(backend, 'agent.stop', { runId: waiting.id })).status).toBe('cancelled');
    notices.splice(0);

    fx.fake.enqueue({ text: 'Nothing needed changing.' });
    await saveWorkflow(backend, projectId, 'agentic', [
      { id: 'think', kind: 'agent', prompt: 'Check the README', model: { providerId, model: 'fake' } },
    ]);
    const run = await runWorkflow(backend, projectId, 'agentic');
    await until(() => notices.length > 0, 20_000);
    const step = backend.agent.list(projectId).find((r) => r.review === 'workflow');
    expect(step?.status).toBe('completed');
    expect(notices).toEqual([
      {
        kind: 'done',
        heading: 'A workflow run finished',
        body: 'agentic',
        target: { type: 'workflowRun', projectId, runId: run.id },
      },
    ]);
  });
});

describe('notices about a board task', () => {
  const fleet = useFleetModel();

  async function oneTask(key: string, approval: ApprovalPreset) {
    const { backend } = modelBackend();
    fleet.opened.push(backend);
    const notices = listen(backend);
    const providerId = await addLocalProvider(backend, fleet.model.openaiUrl, 'native');
    const projectId = await openProject(backend, makeRepo('notices'));
    await ok(backend, 'tasks.updateSettings', { projectId, patch: { checkCommand: 'true' } });
    const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', {
      projectId,
      markdown: `- [ ] Write a note [task:${key}]`,
    });
    const task = created[0]!;
    const assignee = {
      kind: 'agent',
      model: { providerId, model: 'fake-model' },
      approval,
      maxSteps: 10,
      budgetUsd: null,
    };
    await ok(backend, 'tasks.edit', { taskId: task.id, edit: { assignee } });
    await ok(backend, 'tasks.queue', { taskId: task.id });
    return { backend, projectId, task, notices };
  }

  const state = (backend: Backend, taskId: string): TaskState => backend.fleet.board.get(taskId).state;

  it('the task’s run asks and finishes: the board’s notices only, never an agent-run notice as well', async () => {
    const { backend, projectId, task, notices } = await oneTask('note1', 'ask');
    await fleet.model.script(
      'note1',
      { toolCalls: [{ name: 'files__write', arguments: { path: 'note.txt', content: 'x\n' } }] },
      { text: 'Done.' },
    );
    await ok(backend, 'tasks.start', { projectId });

    const runId = () => backend.fleet.board.get(task.id).runId;
    await until(
      () => notices.length === 1,
      30_000,
      () => `task is ${state(backend, task.id)}`,
    );
    const target = { type: 'task', projectId, taskId: task.id };
    expect(notices[0]).toEqual({
      kind: 'approval',
      heading: 'A task needs your approval',
      body: `${task.title}: The agent asks before running files__write.`,
      target,
    });
    await waitForStatus(backend, runId()!, ['awaiting_approval']);
    const card = backend.agent.get(runId()!).entries.find((e) => e.kind === 'approval' && e.decision === null);
    await ok(backend, 'agent.approve', {
      runId: runId()!,
      approvalId: card?.kind === 'approval' ? card.approvalId : '',
      decision: 'allow_once',
    });

    await until(() => ['review', 'failed'].includes(state(backend, task.id)), 30_000);
    expect(state(backend, task.id)).toBe('review');
    await until(() => notices.length === 2, 5_000);
    expect(backend.agent.get(runId()!).run.status).toBe('completed');
    expect(notices[1]).toMatchObject({ kind: 'review', heading: 'A task is ready for review', target });
    expect(notices[1]!.body.startsWith(`${task.title}: `)).toBe(true);
    expect(notices.map((n) => n.target.type)).toEqual(['task', 'task']);
  });
});

describe('notices about workflow runs', () => {
  it('says when a workflow run waits for approval, finishes or fails', async () => {
    const backend = testBackend();
    const projectId = await openProject(backend, makeRepo());
    const notices = listen(backend);
    await saveWorkflow(
      backend,
      projectId,
      'gate',
      [
        { id: 'ask', kind: 'approval', message: 'Ship it?' },
        { id: 'ship', kind: 'shell', command: 'echo shipped' },
      ],
      [{ from: 'ask', to: 'ship' }],
    );
    await saveWorkflow(backend, projectId, 'broken', [
      { id: 'check', kind: 'shell', command: 'echo nope >&2; exit 3' },
    ]);

    const gate = await runWorkflow(backend, projectId, 'gate');
    await until(() => notices.length === 1, 20_000);
    expect(notices[0]).toEqual({
      kind: 'approval',
      heading: 'A workflow run is waiting for you',
      body: 'gate: Ship it?',
      target: { type: 'workflowRun', projectId, runId: gate.id },
    });
    const ended = workflowEnded(backend, gate.id);
    await ok(backend, 'workflow.approve', { runId: gate.id, node: 'ask', approved: true });
    expect((await ended).status).toBe('completed');
    await until(() => notices.length === 2, 5_000);
    expect(notices[1]).toEqual({
      kind: 'done',
      heading: 'A workflow run finished',
      body: 'gate',
      target: { type: 'workflowRun', projectId, runId: gate.id },
    });

    const broken = await runWorkflow(backend, projectId, 'broken');
    const failed = await workflowEnded(backend, broken.id);
    expect(failed.status).toBe('failed');
    await until(() => notices.length === 3, 5_000);
    expect(notices[2]).toEqual({
      kind: 'failed',
      heading: 'A workflow run failed',
      body: `broken: ${failed.error!.message}`,
      target: { type: 'workflowRun', projectId, runId: broken.id },
    });
    expect(notices).toHaveLength(3);
  });

  it('sends nothing while notifications are turned off in settings, and resumes when they are on again', async () => {
    const backend = testBackend();
    const projectId = await openProject(backend, makeRepo());
    const notices = listen(backend);
    await saveWorkflow(backend, projectId, 'hello', [{ id: 'hello', kind: 'shell', command: 'echo hello' }]);

    await ok(backend, 'settings.update', { notifications: { enabled: false } });
    const quiet = await runWorkflow(backend, projectId, 'hello');
    expect((await workflowEnded(backend, quiet.id)).status).toBe('completed');
    expect(notices).toEqual([]);

    await ok(backend, 'settings.update', { notifications: { enabled: true } });
    expect((await ok<{ notifications: { enabled: boolean } }>(backend, 'settings.get')).notifications.enabled).toBe(
      true,
    );
    const heard = await runWorkflow(backend, projectId, 'hello');
    expect((await workflowEnded(backend, heard.id)).status).toBe('completed');
    await until(() => notices.length === 1, 5_000);
    expect(notices).toEqual([
      {
        kind: 'done',
        heading: 'A workflow run finished',
        body: 'hello',
        target: { type: 'workflowRun', projectId, runId: heard.id },
      },
    ]);
  });
});
