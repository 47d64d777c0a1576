import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from '../../../src/shared/workflow/run';
import { RunWorkspaces } from '../../../src/main/agent/workspace/run-workspaces';
import { RunWorktreeWorkspaces } from '../../../src/main/workflow/run-worktrees';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { alive } from '../../helpers/processes';
import { until } from '../../helpers/until';
import { workflowBackend, workflowService, writeWorkflow } from '../../helpers/workflows';

const posix = process.platform !== 'win32';

async function setup() {
  const repo = makeRepo();
  const backend = workflowBackend();
  const project = await backend.projects.open(repo);
  const service = workflowService(backend);
  return { repo, backend, projectId: project.id, service };
}

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
const types = (events: WorkflowEvent[], node?: string) =>
  events.filter((e) => !node || ('node' in e && e.node === node)).map((e) => e.type);

describe.runIf(posix)('workflow runs in a real repository', () => {
  it('runs shell and git steps, quotes template values, and journals every step in order', async () => {
    const { repo, projectId, service } = await setup();
    writeWorkflow(repo, 'greet', {
      inputs: { who: { type: 'string' } },
      nodes: [
        { id: 'write', kind: 'shell', command: "printf 'hello %s\\n' {{inputs.who}} > greeting.txt" },
        { id: 'show', kind: 'shell', command: { argv: ['cat', 'greeting.txt'] } },
        { id: 'diff', kind: 'git', op: 'diff' },
        { id: 'commit', kind: 'git', op: 'commit', message: 'Greet {{inputs.who}}' },
      ],
      edges: [
        { from: 'write', to: 'show' },
        { from: 'show', to: 'diff' },
        { from: 'diff', to: 'commit' },
      ],
      outputs: { said: '{{nodes.show.output.stdout}}', files: '{{nodes.diff.output.files}}' },
    });
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', 'commit', '-qm', 'workflow');
    // A value with shell syntax stays one argument: nothing but printf runs.
    const runId = await service.start(projectId, 'greet', { who: 'world; touch pwned' });
    expect(await service.wait(runId)).toEqual({
      status: 'completed',
      outputs: { said: 'hello world; touch pwned\n', files: ['greeting.txt'] },
    });
    expect(readFileSync(join(repo, 'greeting.txt'), 'utf8')).toBe('hello world; touch pwned\n');
    expect(() => readFileSync(join(repo, 'pwned'))).toThrow();
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('Greet world; touch pwned\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');

    const events = service.events(runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(types(events)).toEqual([
      'run.started',
      'node.started',
      'node.completed',
      'node.started',
      'node.log',
      'node.completed',
      'node.started',
      'node.completed',
      'node.started',
      'node.completed',
      'run.completed',
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'node.log', node: 'show', stream: 'stdout' }));
    expect(service.get(runId)).toMatchObject({ status: 'completed', attempt: 1, workflow: 'greet', error: null });
    expect(service.runs(projectId).map((r) => r.id)).toEqual([runId]);
  });

  it('fails on a non-zero exit; resume after the fix runs only the steps that had not completed', async () => {
    const { repo, projectId, service } = await setup();
    writeWorkflow(repo, 'steps', {
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo a >> log.txt' },
        { id: 'b', kind: 'shell', command: 'test -f ok.flag && echo b >> log.txt || (echo "no flag yet" >&2; exit 4)' },
        { id: 'c', kind: 'shell', command: 'echo c >> log.txt' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    });
    const runId = await service.start(projectId, 'steps');
    expect(await service.wait(runId)).toEqual({
      status: 'failed',
      node: 'b',
      error: { code: 'exit_code', message: 'The command exited with code 4: no flag yet' },
    });
    expect(service.get(runId)).toMatchObject({ status: 'failed', error: { code: 'exit_code' } });

    writeFileSync(join(repo, 'ok.flag'), '');
    // A double click: the second resume is refused, not a second execution of the same run.
    const [once, twice] = await Promise.allSettled([service.resume(runId), service.resume(runId)]);
    expect(once.status).toBe('fulfilled');
    expect(twice).toMatchObject({ status: 'rejected', reason: { code: 'run_busy' } });
    expect((await service.wait(runId))?.status).toBe('completed');
    expect(readFileSync(join(repo, 'log.txt'), 'utf8')).toBe('a\nb\nc\n');
    expect(service.get(runId)).toMatchObject({ status: 'completed', attempt: 2 });
    const second = service.events(runId).filter((e) => e.seq > 0);
    expect(second.filter((e) => e.type === 'run.started')).toEqual([
      expect.objectContaining({ attempt: 1, mode: 'start' }),
      expect.objectContaining({ attempt: 2, mode: 'resume' }),
    ]);
    expect(types(second, 'a')).toEqual(['node.started', 'node.completed']);

    // Retry from b with the workflow's current version: b and c run again, a does not.
    writeWorkflow(repo, 'steps', {
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo a >> log.txt' },
        { id: 'b', kind: 'shell', command: 'echo B2 >> log.txt' },
        { id: 'c', kind: 'shell', command: 'echo C2 >> log.txt' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    });
    await service.retryFrom(runId, 'b');
    expect((await service.wait(runId))?.status).toBe('completed');
    expect(readFileSync(join(repo, 'log.txt'), 'utf8')).toBe('a\nb\nc\nB2\nC2\n');
    expect(service.events(runId)).toContainEqual(
      expect.objectContaining({
        type: 'run.started',
        attempt: 3,
        mode: 'retry',
        fromNode: 'b',
        invalidated: ['b', 'c'],
      }),
    );
    await expect(service.retryFrom(runId, 'zzz')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('waits for approval, pauses on demand, and cancels a running command by killing it', async () => {
    const { repo, projectId, service } = await setup();
    writeWorkflow(repo, 'gate', {
      nodes: [
        { id: 'ask', kind: 'approval', message: 'Run the slow part?' },
        {
          id: 'slow',
          kind: 'shell',
          command: 'echo $$ > slow.pid; echo started > slow.txt; sleep 30; echo finished >> slow.txt',
        },
      ],
      edges: [{ from: 'ask', to: 'slow' }],
    });
    const runId = await service.start(projectId, 'gate');
    await until(() => service.get(runId).status === 'awaiting_approval');
    expect(service.get(runId).waiting).toEqual([{ node: 'ask', message: 'Run the slow part?' }]);
    expect(() => service.approve(runId, 'slow', { approved: true })).toThrow(
      expect.objectContaining({ code: 'approval_not_found' }),
    );
    service.pause(runId);
    service.approve(runId, 'ask', { approved: true });
    // Once the approval has gone through, `slow` is next in line: paused, it must not start.
    const journaled = (type: string, node: string) =>
      service.events(runId).some((e) => e.type === type && 'node' in e && e.node === node);
    await until(() => service.get(runId).status === 'paused' && journaled('node.completed', 'ask'));
    expect(journaled('node.started', 'slow')).toBe(false);
    expect(() => readFileSync(join(repo, 'slow.txt'))).toThrow();

    await service.resume(runId);
    await until(() => {
      try {
        return readFileSync(join(repo, 'slow.txt'), 'utf8') === 'started\n';
      } catch {
        return false;
      }
    });
    const shellPid = Number(readFileSync(join(repo, 'slow.pid'), 'utf8'));
    const before = Date.now();
    service.cancel(runId);
    expect(await service.wait(runId)).toEqual({ status: 'cancelled' });
    expect(Date.now() - before).toBeLessThan(5000);
    // The shell that would write "finished" is gone, so the file is final.
    await until(() => !alive(shellPid));
    expect(readFileSync(join(repo, 'slow.txt'), 'utf8')).toBe('started\n');
    expect(service.get(runId).status).toBe('cancelled');
  });

  it('refuses to start an invalid workflow or one missing inputs, naming the problem', async () => {
    const { repo, projectId, service } = await setup();
    writeWorkflow(repo, 'broken', {
      inputs: { task: { type: 'string' } },
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo {{nodes.b.output}}' },
        { id: 'b', kind: 'shell', command: 'true' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    });
    await expect(service.start(projectId, 'broken', { task: 'x' })).rejects.toMatchObject({
      code: 'workflow_invalid',
      message: expect.stringContaining('Step `a`: Reads nodes.b, which does not run before this node'),
    });
    writeWorkflow(repo, 'needs', {
      inputs: { task: { type: 'string' } },
      nodes: [{ id: 'a', kind: 'shell', command: 'true' }],
    });
    await expect(service.start(projectId, 'needs')).rejects.toMatchObject({
      code: 'workflow_invalid',
      message: expect.stringContaining('The input "task" is required.'),
    });
    await expect(service.start(projectId, 'nothere')).rejects.toMatchObject({ code: 'workflow_not_found' });
    expect((await service.list(projectId)).map((w) => [w.name, w.issues.length])).toEqual([
      ['broken', 1],
      ['needs', 0],
    ]);
  });

  it('saves a workflow file that is in progress, but not one that is no workflow', async () => {
    const { repo, projectId, service } = await setup();
    const draft = { version: 1, nodes: [{ id: 'a', kind: 'shell', command: 'echo {{inputs.x}}' }], edges: [] };
    expect(await service.save(projectId, 'draft', draft)).toEqual([
      expect.objectContaining({ node: 'a', message: 'Reads the input "x", which the workflow does not declare.' }),
    ]);
    expect(JSON.parse(readFileSync(join(repo, '.weft/workflows/draft.json'), 'utf8'))).toEqual(draft);
    await expect(service.save(projectId, 'draft', { version: 1, nodes: 'no' })).rejects.toMatchObject({
      code: 'workflow_invalid',
    });
    await expect(service.save(projectId, '../escape', draft)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('marks runs a dead process left running as interrupted at start-up, and resumes them', async () => {
    const repo = makeRepo();
    const backend = workflowBackend();
    const projectId = (await backend.projects.open(repo)).id;
    const first = workflowService(backend, {}, { ownsBackend: false });
    writeWorkflow(repo, 'two', {
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo a >> log.txt' },
        { id: 'ask', kind: 'approval' },
        { id: 'b', kind: 'shell', command: 'echo b >> log.txt' },
      ],
      edges: [
        { from: 'a', to: 'ask' },
        { from: 'ask', to: 'b' },
      ],
    });
    const runId = await first.start(projectId, 'two');
    await until(() => first.get(runId).status === 'awaiting_approval');
    // As if the process had died here: its row still says awaiting_approval, owned by a pid that is gone.
    backend.store.sqlite.prepare('update workflow_runs set owner_pid = 2147483646 where id = ?').run(runId);
    const second = workflowService(backend);
    expect(second.get(runId).status).toBe('interrupted');
    expect(second.events(runId).at(-1)).toMatchObject({ type: 'run.interrupted' });

    await second.resume(runId);
    await until(() => second.get(runId).status === 'awaiting_approval');
    second.approve(runId, 'ask', { approved: true });
    expect((await second.wait(runId))?.status).toBe('completed');
    expect(readFileSync(join(repo, 'log.txt'), 'utf8')).toBe('a\nb\n');
    await first.dispose();
  });
});

describe.runIf(posix)('workflow runs in run worktrees', () => {
  it("works on weft/<runId> in a worktree of its own, leaves the user's tree alone, and resumes in the same worktree", async () => {
    const repo = makeRepo();
    const backend = workflowBackend();
    const projectId = (await backend.projects.open(repo)).id;
    const worktrees = new RunWorkspaces(join(tempDir('weft-wt-'), 'worktrees'), backend.logs.logger);
    const service = workflowService(backend, { workspaces: new RunWorktreeWorkspaces(worktrees) });
    writeWorkflow(repo, 'isolated', {
      nodes: [
        { id: 'write', kind: 'shell', command: 'echo change > new.txt' },
        { id: 'commit', kind: 'git', op: 'commit', message: 'Add new.txt' },
        { id: 'ask', kind: 'approval' },
        { id: 'diff', kind: 'git', op: 'diff' },
      ],
      edges: [
        { from: 'write', to: 'commit' },
        { from: 'commit', to: 'ask' },
        { from: 'ask', to: 'diff' },
      ],
      outputs: { files: '{{nodes.diff.output.files}}' },
    });
    const runId = await service.start(projectId, 'isolated');
    await until(() => service.get(runId).status === 'awaiting_approval');
    const { root } = service.get(runId);
    expect(root).not.toBe(repo);
    expect(git(repo, 'log', '-1', '--format=%s', `weft/${runId}`)).toBe('Add new.txt\n');
    expect(git(repo, 'log', '-1', '--format=%s', 'main')).toBe('initial\n');
    expect(() => readFileSync(join(repo, 'new.txt'))).toThrow();

    await service.dispose(); // as when the app quits: the run is interrupted, its worktree kept
    const again = workflowService(backend, { workspaces: new RunWorktreeWorkspaces(worktrees) });
    expect(again.get(runId).status).toBe('interrupted');
    await again.resume(runId);
    await until(() => again.get(runId).status === 'awaiting_approval');
    again.approve(runId, 'ask', { approved: true });
    // The diff runs in the same worktree, against where it started: it sees the committed file.
    expect(await again.wait(runId)).toEqual({ status: 'completed', outputs: { files: ['new.txt'] } });
    expect(again.get(runId).root).toBe(root);
  });
});
