import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import type { RunEntry } from '../../../src/shared/domain/agent';
import type { Task, TaskState } from '../../../src/shared/domain/tasks';
import type { RadarReportView, TaskDetail } from '../../../src/shared/ipc/domains/tasks';
import { git } from '../../helpers/agent';
import { ok } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';
import { useFleetModel } from '../../helpers/fleet-model';
import { addLocalProvider, modelBackend } from '../../helpers/models';
import { until } from '../../helpers/until';

const fleet = useFleetModel();

/**
 * A repository whose check (`node check.js`) fails while status.txt says "red" and hangs while
 * a HANG file exists, printing first, so a killed check still has output to keep.
 */
function fleetRepo(): string {
  const dir = makeRepo('fleet');
  writeFileSync(
    join(dir, 'shared.js'),
    'function greet(name) {\n  return "hello " + name;\n}\nmodule.exports = greet;\n',
  );
  writeFileSync(
    join(dir, 'check.js'),
    [
      "const fs = require('fs');",
      "console.log('checking the work');",
      "if (fs.existsSync('HANG')) setInterval(() => {}, 1000);",
      "else if (fs.existsSync('status.txt') && fs.readFileSync('status.txt', 'utf8').trim() === 'red') {",
      "  console.error('status is red'); process.exit(1);",
      '}',
    ].join('\n'),
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'shared greet and a check');
  return dir;
}

async function setup(dataDir?: string) {
  const { backend, dataDir: dir } = modelBackend(dataDir ? { dataDir } : {});
  fleet.opened.push(backend);
  return { backend, dataDir: dir };
}

async function openBoard(backend: Backend, repo: string, settings: Record<string, unknown> = {}) {
  const providerId = await addLocalProvider(backend, fleet.model.openaiUrl, 'native');
  const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  await ok(backend, 'tasks.updateSettings', {
    projectId: project.id,
    patch: { checkCommand: 'node check.js', maxCheckRetries: 2, ...settings },
  });
  const assignee = {
    kind: 'agent',
    model: { providerId, model: 'fake-model' },
    approval: 'auto',
    maxSteps: 20,
    budgetUsd: null,
  };
  const addTasks = async (markdown: string) => {
    const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', {
      projectId: project.id,
      markdown,
    });
    for (const t of created) await ok(backend, 'tasks.edit', { taskId: t.id, edit: { assignee } });
    return created;
  };
  return { projectId: project.id, addTasks };
}

const write = (path: string, content: string) => ({
  toolCalls: [{ name: 'files__write', arguments: { path, content } }],
});
const finish = { text: 'Done.' };

function stateOf(backend: Backend, taskId: string): Task {
  return backend.fleet.board.get(taskId);
}

async function reach(backend: Backend, taskId: string, states: readonly TaskState[], timeoutMs = 30_000) {
  await until(
    () => states.includes(stateOf(backend, taskId).state),
    timeoutMs,
    () =>
      `task ${stateOf(backend, taskId).title} is ${stateOf(backend, taskId).state}: ${JSON.stringify(stateOf(backend, taskId).failure)}`,
  );
  return stateOf(backend, taskId);
}

describe('the task board at work', () => {
  it('runs tasks in parallel, sends a red check back to the run, flags a conflict, lands the others through the queue and starts the dependent after its dependency', async () => {
    const repo = fleetRepo();
    const { backend } = await setup();
    const { projectId, addTasks } = await openBoard(backend, repo);
    const [a, b, c, d] = await addTasks(
      [
        '- [ ] Greet politely [task:a]',
        '- [ ] Greet loudly [task:b]',
        '- [ ] Write the status [task:c]',
        '- [ ] Document the status [task:d]',
      ].join('\n'),
    );
    await ok(backend, 'tasks.setDependencies', { taskId: d!.id, dependsOn: [c!.id] });
    await fleet.model.script(
      'a',
      write('shared.js', 'function greet(name) {\n  return "good day, " + name;\n}\nmodule.exports = greet;\n'),
      finish,
    );
    await fleet.model.script(
      'b',
      write(
        'shared.js',
        'function greet(name) {\n  return "HELLO " + name.toUpperCase();\n}\nmodule.exports = greet;\n',
      ),
      finish,
    );
    // c's first attempt is red; the follow-up with the check's output fixes it.
    await fleet.model.script('c', write('status.txt', 'red\n'), finish, write('status.txt', 'green\n'), finish);
    await fleet.model.script('d', write('docs.txt', 'the status is green\n'), finish);

    const radars: RadarReportView[] = [];
    backend.events.on('tasks.radarChanged', (r) => radars.push(r));
    for (const t of [a, b, c, d]) await ok(backend, 'tasks.queue', { taskId: t!.id });
    expect(stateOf(backend, d!.id).state).toBe('blocked');
    await ok(backend, 'tasks.start', { projectId, parallel: 4 });

    for (const t of [a, b, c]) await reach(backend, t!.id, ['review']);
    // The red check went back to the same run once, and its output reached the model.
    const cDone = stateOf(backend, c!.id);
    expect(cDone.checkAttempts).toBe(1);
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: cDone.runId });
    const followUp = entries.find((e) => e.kind === 'user' && e.text.includes('status is red'));
    expect(followUp).toBeDefined();
    // Each task worked in its own worktree on its own branch; the user's checkout is untouched.
    const cDetail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: c!.id });
    expect(cDetail.task.branch).toBe(`weft/task-${c!.id}`);
    expect(readFileSync(join(cDetail.worktreePath!, 'status.txt'), 'utf8')).toBe('green\n');
    expect(cDetail.checkOutput).toContain('checking the work');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(stateOf(backend, d!.id).state).toBe('blocked');

    // The radar flags a and b: both rewrote greet().
    await until(
      () => radars.some((r) => r.pairs.some((p) => p.conflicts.some((f) => f.path === 'shared.js'))),
      15_000,
      () => JSON.stringify(radars.at(-1)),
    );
    const report = await ok<RadarReportView>(backend, 'tasks.radar', { projectId });
    const pair = report.pairs.find((p) => [p.a, p.b].sort().join() === [a!.id, b!.id].sort().join());
    expect(pair?.conflicts.map((f) => f.path)).toEqual(['shared.js']);
    // The conflicted lines of greet(), read for that pair on request.
    const details = await ok<{ conflicts: { path: string; hunks: { startLine: number; endLine: number }[] }[] }>(
      backend,
      'tasks.radarPair',
      { projectId, a: pair!.a, b: pair!.b },
    );
    expect(details.conflicts).toEqual([{ path: 'shared.js', hunks: [expect.objectContaining({ startLine: 2 })] }]);

    // c lands; d becomes ready, starts, and lands in turn.
    const before = git(repo, 'rev-parse', 'main').trim();
    await ok(backend, 'tasks.approve', { taskId: c!.id });
    await reach(backend, c!.id, ['done']);
    expect(git(repo, 'show', 'main:status.txt')).toBe('green\n');
    expect(git(repo, 'merge-base', '--is-ancestor', before, 'main')).toBe('');
    await reach(backend, d!.id, ['review']);
    await ok(backend, 'tasks.approve', { taskId: d!.id });
    await reach(backend, d!.id, ['done']);
    expect(git(repo, 'show', 'main:docs.txt')).toBe('the status is green\n');

    // a lands; b now conflicts and goes back to review with the file named.
    await ok(backend, 'tasks.approve', { taskId: a!.id });
    await reach(backend, a!.id, ['done']);
    await ok(backend, 'tasks.approve', { taskId: b!.id });
    await until(() => stateOf(backend, b!.id).failure !== null, 30_000);
    const rejected = stateOf(backend, b!.id);
    expect(rejected.state).toBe('review');
    expect(rejected.failure).toMatchObject({ code: 'conflict' });
    expect(rejected.failure!.message).toContain('shared.js');
    expect(git(repo, 'show', 'main:shared.js')).toContain('good day');
    // The user's checkout followed main like `git merge --ff-only` (it has main checked out, clean).
    expect(readFileSync(join(repo, 'docs.txt'), 'utf8')).toBe('the status is green\n');
    // Landed tasks' worktrees are pruned (the default), their work kept under the archive ref.
    expect(existsSync(cDetail.worktreePath!)).toBe(false);
    expect(git(repo, 'rev-parse', '--verify', `refs/weft/archive/task-${c!.id}`).trim()).toMatch(/^[0-9a-f]{40}$/);
  }, 120_000);

  it('kills a hanging check at its timeout and fails the task with the output kept', async () => {
    const repo = fleetRepo();
    const { backend } = await setup();
    const { projectId, addTasks } = await openBoard(backend, repo, { checkTimeoutSec: 1 });
    const [h] = await addTasks('- [ ] Hang the check [task:h]');
    await fleet.model.script('h', write('HANG', 'x\n'), finish);
    await ok(backend, 'tasks.queue', { taskId: h!.id });
    await ok(backend, 'tasks.start', { projectId });
    const failed = await reach(backend, h!.id, ['failed']);
    expect(failed.failure).toMatchObject({ code: 'check_timed_out' });
    expect(failed.failure!.output).toContain('checking the work');
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: h!.id });
    expect(detail.checkOutput).toContain('did not finish in time');
  }, 60_000);

  it('after a restart, a running task is interrupted and resumes without running a completed step again', async () => {
    const repo = fleetRepo();
    const first = await setup();
    const { projectId, addTasks } = await openBoard(first.backend, repo);
    const [r] = await addTasks('- [ ] Two files [task:r]');
    // The second model call stalls (mid-stream) until Weft stops.
    await fleet.model.script('r', write('one.txt', '1\n'), { ...write('two.txt', '2\n'), fault: { kind: 'stall' } });
    await ok(first.backend, 'tasks.queue', { taskId: r!.id });
    await ok(first.backend, 'tasks.start', { projectId });
    await until(() => fleet.model.calls('r') >= 2, 20_000);
    expect(stateOf(first.backend, r!.id).state).toBe('running');
    await first.backend.dispose();

    const { backend } = await setup(first.dataDir);
    const marked = await backend.fleet.ready();
    expect(marked.map((t) => t.id)).toEqual([r!.id]);
    expect(stateOf(backend, r!.id)).toMatchObject({ state: 'running', interrupted: true });
    // The resumed run still has its profile's `auto` preset and the task's ports: its command runs unasked.
    const portCommand = { toolCalls: [{ name: 'shell__run', arguments: { command: 'echo $PORT > port.txt' } }] };
    await fleet.model.script('r', write('two.txt', '2\n'), portCommand, finish);
    await ok(backend, 'tasks.resume', { taskId: r!.id });
    const done = await reach(backend, r!.id, ['review']);
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: done.runId });
    const writes = entries.filter((e) => e.kind === 'tool' && e.tool === 'files__write');
    expect(writes.map((e) => e.kind === 'tool' && JSON.parse(e.arguments).path)).toEqual(['one.txt', 'two.txt']);
    const detail = await ok<TaskDetail>(backend, 'tasks.get', { taskId: r!.id });
    expect(readFileSync(join(detail.worktreePath!, 'port.txt'), 'utf8').trim()).toBe(String(detail.ports!.base));
  }, 90_000);
  it('starts a dependent stacked on its dependency in review when allowed, and moves it onto the base once the dependency lands', async () => {
    const repo = fleetRepo();
    const { backend } = await setup();
    const { projectId, addTasks } = await openBoard(backend, repo, { allowStacked: true });
    const [base, top] = await addTasks(['- [ ] Lay the base [task:sa]', '- [ ] Build on it [task:sb]'].join('\n'));
    await ok(backend, 'tasks.setDependencies', { taskId: top!.id, dependsOn: [base!.id] });
    await fleet.model.script('sa', write('base.txt', 'base\n'), finish);
    await fleet.model.script('sb', write('top.txt', 'top\n'), finish);
    for (const t of [base, top]) await ok(backend, 'tasks.queue', { taskId: t!.id });
    await ok(backend, 'tasks.start', { projectId, parallel: 2 });

    await reach(backend, base!.id, ['review']);
    const stacked = await reach(backend, top!.id, ['review']);
    expect(stacked.stackedOn).toBe(base!.id);
    const { worktreePath } = await ok<TaskDetail>(backend, 'tasks.get', { taskId: top!.id });
    // Started on the dependency's branch: its work is there.
    expect(readFileSync(join(worktreePath!, 'base.txt'), 'utf8')).toBe('base\n');

    await ok(backend, 'tasks.approve', { taskId: base!.id });
    await reach(backend, base!.id, ['done']);
    await until(() => stateOf(backend, top!.id).stackedOn === null, 15_000);
    // Rebased onto main: main is an ancestor of the task branch, which now holds only its own commit on top.
    const main = git(repo, 'rev-parse', 'main').trim();
    expect(git(repo, 'merge-base', main, stacked.branch!).trim()).toBe(main);
    expect(git(repo, 'rev-list', '--count', `main..${stacked.branch!}`).trim()).toBe('1');
    await ok(backend, 'tasks.approve', { taskId: top!.id });
    await reach(backend, top!.id, ['done']);
    expect(git(repo, 'show', 'main:top.txt')).toBe('top\n');
  }, 90_000);
  it('pauses the board when the project budget is spent: the running task finishes, the next one waits', async () => {
    const repo = fleetRepo();
    const { backend } = modelBackend({ env: { ANTHROPIC_API_KEY: 'sk-ant-fleet-test-0000000000' } });
    fleet.opened.push(backend);
    await ok(backend, 'models.saveProvider', {
      id: 'anthropic',
      kind: 'anthropic',
      name: 'Anthropic',
      baseUrl: fleet.model.anthropicUrl,
    });
    const { id: projectId } = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
    await ok(backend, 'tasks.updateSettings', { projectId, patch: { checkCommand: 'node check.js', budgetUsd: 0.3 } });
    const assignee = {
      kind: 'agent',
      model: { providerId: 'anthropic', model: 'claude-sonnet-4-6' },
      approval: 'auto',
      maxSteps: 20,
      budgetUsd: null,
    };
    const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', {
      projectId,
      markdown: '- [ ] Costly [task:m1]\n- [ ] Waits [task:m2]',
    });
    for (const t of created) {
      await ok(backend, 'tasks.edit', { taskId: t.id, edit: { assignee } });
      await ok(backend, 'tasks.queue', { taskId: t.id });
    }
    // One call of 100k in / 10k out at Sonnet prices is over $0.45.
    await fleet.model.script(
      'm1',
      { ...write('costly.txt', 'x\n'), usage: { input: 100_000, output: 10_000 } },
      finish,
    );
    await ok(backend, 'tasks.start', { projectId, parallel: 1 });
    const first = await reach(backend, created[0]!.id, ['review']);
    expect(first.costUsd).toBeGreaterThan(0.3);
    await until(() => backend.fleet.board.settings(projectId).paused === 'budget', 10_000);
    const view = await ok<{ paused: string | null; spentUsd: number }>(backend, 'tasks.settings', { projectId });
    expect(view).toMatchObject({ paused: 'budget' });
    expect(view.spentUsd).toBeGreaterThan(0.3);
    expect(stateOf(backend, created[1]!.id).state).toBe('ready');
    expect(fleet.model.calls('m2')).toBe(0);
  }, 60_000);
});
