import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import { type RunEntry, taskIdOfWorkspace, workspaceIdSchema } from '../../../src/shared/domain/agent';
import type { ApprovalPreset, Task, TaskState } from '../../../src/shared/domain/tasks';
import type { Notice } from '../../../src/shared/ipc/domains/notifications';
import type { TaskDetail } from '../../../src/shared/ipc/domains/tasks';
import { git } from '../../helpers/agent';
import { call, ok } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';
import { useFleetModel } from '../../helpers/fleet-model';
import { addLocalProvider, modelBackend } from '../../helpers/models';
import { until } from '../../helpers/until';

const fleet = useFleetModel();

/** A board on a fresh repository with one task `[task:<key>]` whose profile has `approval`. */
async function oneTask(key: string, approval: ApprovalPreset) {
  const repo = makeRepo('gaps');
  const { backend } = modelBackend();
  fleet.opened.push(backend);
  const attention: Notice[] = [];
  backend.events.on('notifications.attention', (a) => attention.push(a));
  const providerId = await addLocalProvider(backend, fleet.model.openaiUrl, 'native');
  const { id: projectId } = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  await ok(backend, 'tasks.updateSettings', { projectId, patch: { checkCommand: 'true' } });
  const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', {
    projectId,
    markdown: `- [ ] Write the port down [task:${key}]`,
  });
  const task = created[0]!;
  const assignee = {
    kind: 'agent',
    model: { providerId, model: 'fake-model' },
    approval,
    maxSteps: 20,
    budgetUsd: null,
  };
  await ok(backend, 'tasks.edit', { taskId: task.id, edit: { assignee } });
  await ok(backend, 'tasks.queue', { taskId: task.id });
  return { backend, repo, projectId, task, attention };
}

const state = (backend: Backend, taskId: string) => backend.fleet.board.get(taskId);
async function reach(backend: Backend, taskId: string, states: readonly TaskState[]) {
  await until(
    () => states.includes(state(backend, taskId).state),
    30_000,
    () => `task is ${state(backend, taskId).state}: ${JSON.stringify(state(backend, taskId).failure)}`,
  );
  return state(backend, taskId);
}

const writePort = { toolCalls: [{ name: 'shell__run', arguments: { command: 'echo $PORT > port.txt' } }] };

describe('task board gaps: branch names, approval presets, the task env in the agent’s commands', () => {
  it('asks before an edit and a command under the `ask` preset, goes on after approval, and the agent’s command sees the task’s PORT on weft/task-<id>', async () => {
    const { backend, projectId, task, attention } = await oneTask('ask1', 'ask');
    const note = { toolCalls: [{ name: 'files__write', arguments: { path: 'note.txt', content: 'x\n' } }] };
    await fleet.model.script('ask1', note, writePort, { text: 'Done.' });
    await ok(backend, 'tasks.start', { projectId });

    // A write in the worktree, which runs freely under `edits`, asks first; then the command.
    const runId = () => state(backend, task.id).runId;
    const pending = () => {
      const id = runId();
      return id ? backend.agent.get(id).entries.find((e) => e.kind === 'approval' && e.decision === null) : undefined;
    };
    for (const [i, expected] of ['files__write', 'shell__run'].entries()) {
      await until(
        () => pending() !== undefined,
        30_000,
        () => `task is ${state(backend, task.id).state}`,
      );
      const card = pending();
      expect(card).toMatchObject({ kind: 'approval', tool: expected });
      expect(state(backend, task.id).state).toBe('running');
      // The board says the task needs the user, once per card.
      await until(
        () =>
          attention.filter((a) => a.target.type === 'task' && a.target.taskId === task.id && a.kind === 'approval')
            .length ===
          i + 1,
        5_000,
      );
      await ok(backend, 'agent.approve', {
        runId: runId()!,
        approvalId: card!.kind === 'approval' ? card!.approvalId : '',
        decision: 'allow_once',
      });
    }

    const done = await reach(backend, task.id, ['review', 'failed']);
    expect(done.state).toBe('review');
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: task.id });
    expect(done.branch).toBe(`weft/task-${task.id}`);
    expect(basename(detail.worktreePath!)).toBe(`task-${task.id}`);
    expect(readFileSync(join(detail.worktreePath!, 'port.txt'), 'utf8').trim()).toBe(String(detail.ports!.base));
    // The run's checkpoint committed it on the task's branch (the locator accepts task-<id>).
    expect(git(detail.worktreePath!, 'show', `weft/task-${task.id}:port.txt`).trim()).toBe(String(detail.ports!.base));
  });

  it('runs the command without asking under `auto` when sandboxed, and refuses to discard the task’s run from the Agent view', async () => {
    const { backend, projectId, task, attention } = await oneTask('auto1', 'auto');
    await fleet.model.script('auto1', writePort, { text: 'Done.' });
    await ok(backend, 'tasks.start', { projectId });
    const done = await reach(backend, task.id, ['review', 'failed']);
    expect(done.state).toBe('review');
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: done.runId });
    expect(entries.find((e) => e.kind === 'sandbox')).toMatchObject({ event: 'on' });
    expect(entries.some((e) => e.kind === 'approval')).toBe(false);
    expect(attention.some((a) => a.kind === 'approval')).toBe(false);
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: task.id });
    expect(readFileSync(join(detail.worktreePath!, 'port.txt'), 'utf8').trim()).toBe(String(detail.ports!.base));

    const refused = await call(backend, 'agent.finish', { runId: done.runId, action: 'discard' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('cancel the task on the board instead') as unknown,
      },
    });
    expect(existsSync(detail.worktreePath!)).toBe(true);
    expect(state(backend, task.id).state).toBe('review');
  });
});

describe('task worktree names', () => {
  it('accept task-<id> with a run id’s charset and nothing looser, so paths and refs stay safe', () => {
    expect(workspaceIdSchema.safeParse('task-a1b2c3').success).toBe(true);
    expect(workspaceIdSchema.safeParse('a1b2c3d4').success).toBe(true);
    for (const bad of [
      'task-',
      'task-ab',
      'task-../x',
      'task-A1B2C3',
      'tasks-a1b2c3',
      'task--a1b2c3',
      'x-a1b2c3',
      'task-a1b2c3/',
    ])
      expect(workspaceIdSchema.safeParse(bad).success, bad).toBe(false);
    expect(taskIdOfWorkspace('task-a1b2c3')).toBe('a1b2c3');
    expect(taskIdOfWorkspace('a1b2c3d4')).toBeNull();
  });
});
