import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import type { Task, TaskState } from '../../../src/shared/domain/tasks';
import type { FindingView, TaskDetail } from '../../../src/shared/ipc/domains/tasks';
import { git } from '../../helpers/agent';
import { call, ok } from '../../helpers/backend';
import { makeRepo } from '../../helpers/fixtures';
import { useFleetModel } from '../../helpers/fleet-model';
import { addLocalProvider, modelBackend } from '../../helpers/models';
import { until } from '../../helpers/until';

const fleet = useFleetModel();

/** A repository with a `.weft/environment.json` whose setup command is `setup`. */
function repoWithSetup(setup: string): string {
  const dir = makeRepo('env');
  mkdirSync(join(dir, '.weft'));
  writeFileSync(join(dir, '.weft/environment.json'), JSON.stringify({ setup, portsPerTask: 10 }));
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'task environment');
  return dir;
}

async function board(repo: string, settings: Record<string, unknown> = {}) {
  const { backend, dataDir } = modelBackend();
  fleet.opened.push(backend);
  const providerId = await addLocalProvider(backend, fleet.model.openaiUrl, 'native');
  const { id: projectId } = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  await ok(backend, 'tasks.updateSettings', { projectId, patch: { checkCommand: 'true', ...settings } });
  const assignee = {
    kind: 'agent',
    model: { providerId, model: 'fake-model' },
    approval: 'auto',
    maxSteps: 20,
    budgetUsd: null,
  };
  const add = async (markdown: string) => {
    const { created } = await ok<{ created: Task[] }>(backend, 'tasks.fromChecklist', { projectId, markdown });
    for (const t of created) {
      await ok(backend, 'tasks.edit', { taskId: t.id, edit: { assignee } });
      await ok(backend, 'tasks.queue', { taskId: t.id });
    }
    return created;
  };
  return { backend, dataDir, projectId, add };
}

const reach = async (backend: Backend, taskId: string, states: readonly TaskState[]) => {
  const now = () => backend.fleet.board.get(taskId);
  await until(
    () => states.includes(now().state),
    30_000,
    () => `${now().title} is ${now().state}: ${JSON.stringify(now().failure)}`,
  );
  return now();
};

const writeFile = (path: string) => ({ toolCalls: [{ name: 'files__write', arguments: { path, content: 'x\n' } }] });

describe('task environments and git as the source of truth', () => {
  it('runs the setup command in each new worktree with the task’s own ports, never more tasks at once than the limit', async () => {
    const repo = repoWithSetup(
      `node -e "console.log('setting up'); require('fs').writeFileSync('port.txt', process.env.PORT)"`,
    );
    const { backend, projectId, add } = await board(repo);
    const tasks = await add(['- [ ] One [task:p1]', '- [ ] Two [task:p2]', '- [ ] Three [task:p3]'].join('\n'));
    for (const key of ['p1', 'p2', 'p3']) await fleet.model.script(key, writeFile(`${key}.txt`), { text: 'Done.' });
    let most = 0;
    backend.events.on('tasks.changed', () => {
      const active = backend.fleet.board
        .list(projectId)
        .filter((t) => t.state === 'running' || t.state === 'validating');
      most = Math.max(most, active.length);
    });
    await ok(backend, 'tasks.start', { projectId, parallel: 2 });
    for (const t of tasks) await reach(backend, t.id, ['review']);
    expect(most).toBe(2);

    const details = await Promise.all(tasks.map((t) => ok<TaskDetail>(backend, 'tasks.get', { taskId: t.id })));
    for (const d of details) expect(d.setupOutput).toContain('setting up');
    const ports = details.map((d) => Number(readFileSync(join(d.worktreePath!, 'port.txt'), 'utf8')));
    // Two ran at the same time, so those two had different blocks; every port is in Weft's range.
    expect(new Set(ports.slice(0, 2)).size).toBe(2);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(20_000);
  }, 90_000);

  it('fails a task whose setup command fails, with its output kept, and never starts its agent', async () => {
    const repo = repoWithSetup(`sh -c 'echo broken setup; exit 3'`);
    const { backend, projectId, add } = await board(repo);
    const [t] = await add('- [ ] Never runs [task:s1]');
    await ok(backend, 'tasks.start', { projectId });
    const failed = await reach(backend, t!.id, ['failed']);
    expect(failed.failure).toMatchObject({ code: 'setup_failed' });
    expect(failed.failure!.output).toContain('broken setup');
    expect(fleet.model.calls('s1')).toBe(0);
  }, 60_000);

  it('shows a deleted worktree and a stray one, re-creates the first from its branch and removes the second only when asked, archiving it', async () => {
    const repo = makeRepo('reconcile');
    const { backend, dataDir, projectId, add } = await board(repo);
    const [t] = await add('- [ ] Work [task:r1]');
    await fleet.model.script('r1', writeFile('work.txt'), { text: 'Done.' });
    await ok(backend, 'tasks.start', { projectId });
    await reach(backend, t!.id, ['review']);
    const { worktreePath } = await ok<TaskDetail>(backend, 'tasks.get', { taskId: t!.id });

    // Nothing was archived yet: Recover says so, as data, and changes nothing.
    const refused = await call(backend, 'tasks.recover', { taskId: t!.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('no archive') },
    });

    rmSync(worktreePath!, { recursive: true, force: true });
    const stray = join(dataDir, 'worktrees', 'task-stray01');
    execFileSync('git', ['-C', repo, 'worktree', 'add', '-q', '-b', 'weft/task-stray01', stray]);
    writeFileSync(join(stray, 'unsaved.txt'), 'keep me\n');

    const findings = await ok<FindingView[]>(backend, 'tasks.reconcile', { projectId });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'worktree_missing', taskId: t!.id, recreatable: true }),
        expect.objectContaining({ kind: 'stray_worktree', path: stray, branch: 'weft/task-stray01' }),
      ]),
    );
    // Finding changes nothing.
    expect(existsSync(stray)).toBe(true);

    await ok(backend, 'tasks.reconcileAction', { projectId, action: { action: 'recreate', taskId: t!.id } });
    expect(readFileSync(join(worktreePath!, 'work.txt'), 'utf8')).toBe('x\n');
    const left = await ok<FindingView[]>(backend, 'tasks.reconcileAction', {
      projectId,
      action: { action: 'removeStray', path: stray },
    });
    expect(left).toEqual([]);
    expect(existsSync(stray)).toBe(false);
    const archived = git(repo, 'for-each-ref', '--format=%(refname)', 'refs/weft/archive/');
    expect(archived).toContain('stray-task-stray01');
    expect(
      git(
        repo,
        'show',
        `${archived
          .trim()
          .split('\n')
          .find((r) => r.includes('stray'))}:unsaved.txt`,
      ),
    ).toBe('keep me\n');
  }, 60_000);
  it('moves a worktree that was moved outside Weft back, with its uncommitted work, and refuses when the place is taken', async () => {
    const repo = makeRepo('moved');
    const { backend, dataDir, projectId, add } = await board(repo);
    const [t] = await add('- [ ] Work [task:m1]');
    await fleet.model.script('m1', writeFile('work.txt'), { text: 'Done.' });
    await ok(backend, 'tasks.start', { projectId });
    await reach(backend, t!.id, ['review']);
    const { worktreePath } = await ok<TaskDetail>(backend, 'tasks.get', { taskId: t!.id });
    const elsewhere = join(dataDir, 'moved-by-hand');
    execFileSync('git', ['-C', repo, 'worktree', 'move', worktreePath!, elsewhere]);
    writeFileSync(join(elsewhere, 'unsaved.txt'), 'keep me\n');

    const findings = await ok<FindingView[]>(backend, 'tasks.reconcile', { projectId });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'worktree_moved', taskId: t!.id, from: worktreePath, to: elsewhere }),
    ]);
    // Something else took the place meanwhile: refused, nothing moved.
    mkdirSync(worktreePath!);
    const refused = await call(backend, 'tasks.reconcileAction', {
      projectId,
      action: { action: 'moveBack', taskId: t!.id },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'already_exists' } });
    expect(existsSync(join(elsewhere, 'unsaved.txt'))).toBe(true);
    rmSync(worktreePath!, { recursive: true });

    const left = await ok<FindingView[]>(backend, 'tasks.reconcileAction', {
      projectId,
      action: { action: 'moveBack', taskId: t!.id },
    });
    expect(left).toEqual([]);
    expect(existsSync(elsewhere)).toBe(false);
    expect(readFileSync(join(worktreePath!, 'unsaved.txt'), 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(worktreePath!, 'work.txt'), 'utf8')).toBe('x\n');

    // The user checked the task's branch out in their own working tree: named, never moved.
    execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', worktreePath!]);
    execFileSync('git', ['-C', repo, 'switch', '-q', `weft/task-${t!.id}`]);
    const own = await ok<FindingView[]>(backend, 'tasks.reconcile', { projectId });
    expect(own).toEqual([expect.objectContaining({ kind: 'worktree_moved', to: repo, mainTree: true })]);
    const kept = await call(backend, 'tasks.reconcileAction', {
      projectId,
      action: { action: 'moveBack', taskId: t!.id },
    });
    expect(kept).toMatchObject({ ok: false, error: { message: expect.stringContaining('your own working tree') } });
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(`weft/task-${t!.id}`);
  }, 60_000);
});
