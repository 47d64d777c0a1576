import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import type { Task, TaskState } from '../../../src/shared/domain/tasks';
import type { TaskDetail } from '../../../src/shared/ipc/domains/tasks';
import type { WorkflowRunDetail } from '../../../src/shared/domain/workflow-runs';
import { git } from '../../helpers/agent';
import { call, ok } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';
import { modelBackend } from '../../helpers/models';
import { until } from '../../helpers/until';

const opened: Backend[] = [];
afterEach(async () => {
  for (const b of opened.splice(0)) await b.dispose();
});

/** A repository with `.weft/workflows/edit.json`: a shell step writing its input and the task's PORT to files. */
function repoWithWorkflow(command: string, then?: string): string {
  const dir = makeRepo('fleet-workflow');
  mkdirSync(join(dir, '.weft/workflows'), { recursive: true });
  writeFileSync(
    join(dir, '.weft/workflows/edit.json'),
    JSON.stringify({
      version: 1,
      inputs: { word: { type: 'string' } },
      nodes: [{ id: 'write', kind: 'shell', command }, ...(then ? [{ id: 'then', kind: 'shell', command: then }] : [])],
      edges: then ? [{ from: 'write', to: 'then' }] : [],
    }),
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'an edit workflow');
  return dir;
}

async function boardWith(repo: string) {
  // The folder is trusted (modelBackend trusts what it opens): workflows only run there.
  const { backend, dataDir } = modelBackend();
  opened.push(backend);
  const { id: projectId } = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  await ok(backend, 'tasks.updateSettings', { projectId, patch: { checkCommand: 'test -f word.txt' } });
  const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', {
    projectId,
    markdown: '- [ ] Write the word',
  });
  const task = created[0]!;
  await ok(backend, 'tasks.edit', {
    taskId: task.id,
    edit: { assignee: { kind: 'workflow', workflow: 'edit', inputs: { word: 'weft rocks' } } },
  });
  await ok(backend, 'tasks.queue', { taskId: task.id });
  await ok(backend, 'tasks.start', { projectId });
  return { backend, dataDir, projectId, task };
}

async function reach(backend: Backend, taskId: string, states: readonly TaskState[]): Promise<Task> {
  await until(
    () => states.includes(backend.fleet.board.get(taskId).state),
    30_000,
    () => JSON.stringify(backend.fleet.board.get(taskId)),
  );
  return backend.fleet.board.get(taskId);
}

const show = (repo: string, rev: string) => git(repo, 'show', rev);

describe('a task assigned a workflow', () => {
  it('runs the workflow with its inputs in the task worktree, commits its work, and lands when approved', async () => {
    const repo = repoWithWorkflow('echo {{inputs.word}} > word.txt && echo "$PORT" > port.txt');
    const { backend, task } = await boardWith(repo);

    const reviewed = await reach(backend, task.id, ['review', 'failed']);
    expect(reviewed.failure).toBeNull();
    expect(reviewed.state).toBe('review');
    // The workflow's file is committed on the task's branch; the user's tree is untouched.
    expect(show(repo, `weft/task-${task.id}:word.txt`)).toBe('weft rocks\n');
    // Its shell step ran with the task's own port block.
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: task.id });
    expect(show(repo, `weft/task-${task.id}:port.txt`).trim()).toBe(String(detail.ports!.base));

    await ok(backend, 'tasks.approve', { taskId: task.id });
    await reach(backend, task.id, ['done', 'review']);
    expect(backend.fleet.board.get(task.id).state).toBe('done');
    expect(show(repo, 'main:word.txt')).toBe('weft rocks\n');
  });

  it('fails with the failing step named and its message kept when the workflow fails', async () => {
    const repo = repoWithWorkflow('echo {{inputs.word}} >&2 && exit 3');
    const { backend, task } = await boardWith(repo);

    const failed = await reach(backend, task.id, ['failed', 'review']);
    expect(failed.state).toBe('failed');
    expect(failed.failure?.message).toContain('"write"');
    expect(failed.failure?.output).toContain('weft rocks');

    // Resumed or retried from the Workflows view it would start over in a fresh worktree and leave
    // the task behind: refused, pointing at the board.
    for (const [channel, input] of [
      ['workflow.resume', { runId: failed.runId }],
      ['workflow.retry', { runId: failed.runId, node: 'write' }],
    ] as const) {
      const refused = await call(backend, channel, input);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'run_owned_by_task', message: expect.stringContaining('task board') },
      });
    }
    expect(backend.fleet.board.get(task.id).state).toBe('failed');
  });

  it('after a restart, the interrupted workflow goes on in the task worktree without redoing its completed step', async () => {
    // The second step waits for a `go` file the test writes only after the restart.
    const repo = repoWithWorkflow(
      'echo once >> first.txt',
      'while [ ! -f go ]; do sleep 0.1; done; rm go; echo {{inputs.word}} > word.txt',
    );
    const first = await boardWith(repo);
    const { task } = first;
    // Stopped only once the journal has the first step completed: a step cut off mid-way runs again.
    await until(() => first.backend.fleet.board.get(task.id).runId !== null, 30_000);
    await expect
      .poll(
        async () => {
          const runId = first.backend.fleet.board.get(task.id).runId;
          if (!runId) return null;
          const detail = await ok<WorkflowRunDetail>(first.backend, 'workflow.runDetail', { runId });
          return detail.nodes.find((n) => n.key === 'write')?.status ?? null;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe('completed');
    await first.backend.dispose();

    const { backend } = modelBackend({ dataDir: first.dataDir });
    opened.push(backend);
    await backend.fleet.ready();
    expect(backend.fleet.board.get(task.id)).toMatchObject({ state: 'running', interrupted: true });
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: task.id });
    writeFileSync(join(detail.worktreePath!, 'go'), '');
    await ok(backend, 'tasks.resume', { taskId: task.id });

    const reviewed = await reach(backend, task.id, ['review', 'failed']);
    expect(reviewed.failure).toBeNull();
    expect(show(repo, `weft/task-${task.id}:word.txt`)).toBe('weft rocks\n');
    // The first step ran once, before the restart: its line is there once.
    expect(show(repo, `weft/task-${task.id}:first.txt`)).toBe('once\n');
  }, 90_000);
});
