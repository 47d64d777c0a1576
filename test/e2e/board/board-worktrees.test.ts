import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskDetail } from '../../../src/shared/ipc/domains/tasks';
import { git } from '../../helpers/agent';
import { BoardModel } from '../../helpers/board-model';
import { openPage, openRepo, rendererDir, useBrowser } from '../../helpers/browser';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { call } from '../../helpers/models';
import { startServer, type Running } from '../../helpers/server';
import { until } from '../../helpers/until';

const browser = useBrowser();
const shots = '/tmp/shots-I2';

let running: Running | undefined;
let model: BoardModel | undefined;
afterEach(async () => {
  await running?.stop();
  await model?.close();
  running = model = undefined;
});

async function ok<T>(channel: string, input: unknown): Promise<T> {
  const reply = await call(running!.backend, channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

const refs = (repo: string, prefix: string) =>
  execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname)', prefix], { encoding: 'utf8' }).trim();

/** The project opened through the backend is the one the page restores. */
async function openBoard(page: Page): Promise<void> {
  await page.getByTestId('project-home').waitFor();
  await page.getByRole('button', { name: 'Tasks', exact: true }).click();
  await page.getByTestId('tasks-view').getByRole('button', { name: 'Open task board' }).click();
  await page.getByTestId('board-view').waitFor();
}

/** A project whose one task ("alpha") the scripted agent ran to review, as the board would. */
async function taskInReview(name: string) {
  const repo = makeRepo(name);
  model = await BoardModel.start({
    alpha: [
      { text: 'Writing.', toolCalls: [{ name: 'files__write', arguments: { path: 'alpha.txt', content: 'a\n' } }] },
      { text: 'Wrote alpha.txt.' },
    ],
  });
  running = await startServer({
    staticDir: rendererDir,
    backend: { env: {}, modelTiming: { sleep: async () => undefined } },
  });
  await ok('models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    name: 'Scripted model',
    baseUrl: model.openaiUrl,
    toolMode: 'native',
  });
  const { id: projectId } = await ok<{ id: string }>('projects.open', { path: repo });
  await ok('tasks.updateSettings', { projectId, patch: { checkCommand: 'true', prune: 'never' } });
  const { created } = await ok<{ created: { id: string }[] }>('tasks.fromChecklist', {
    projectId,
    markdown: '- [ ] alpha: write a file',
  });
  const taskId = created[0]!.id;
  const assignee = {
    kind: 'agent',
    model: { providerId: 'scripted-model', model: 'fake-coder' },
    approval: 'auto',
    maxSteps: 20,
    budgetUsd: null,
  };
  await ok('tasks.edit', { taskId, edit: { assignee } });
  await ok('tasks.queue', { taskId });
  await ok('tasks.start', { projectId });
  const task = () => running!.backend.fleet.board.get(taskId);
  await until(
    () => task().state === 'review',
    60_000,
    () => `the task is ${task().state}: ${JSON.stringify(task().failure)}`,
  );
  const worktree = (await ok<TaskDetail>('tasks.get', { taskId })).worktreePath!;
  return { repo, projectId, taskId, worktree };
}

describe('git as the source of truth, in the board', () => {
  it('shows a worktree deleted outside Weft and a stray one; re-creates the first and archives then removes the second', async () => {
    const { repo, projectId, worktree } = await taskInReview('worktrees');
    expect(readFileSync(join(worktree, 'alpha.txt'), 'utf8')).toBe('a\n');

    // Outside Weft: the task's worktree is removed, and a worktree no task knows appears, with work in it.
    git(repo, 'worktree', 'remove', '--force', worktree);
    const stray = join(tempDir('weft-stray-'), 'stray');
    git(repo, 'worktree', 'add', '-q', '-b', 'weft/task-zzz', stray, 'main');
    writeFileSync(join(stray, 'draft.txt'), 'not committed\n');

    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1400, height: 900 });
    try {
      await openBoard(page);
      const panel = page.getByRole('region', { name: 'Worktree check' });
      const findings = panel.getByTestId('worktree-finding');
      await expect.poll(() => findings.count()).toBe(2);
      const missing = findings.filter({ hasText: 'was deleted outside Weft' });
      expect(await missing.innerText()).toContain('“alpha: write a file”');
      expect(await missing.innerText()).toContain(worktree);
      const strayRow = findings.filter({ hasText: 'A worktree no task knows' });
      expect(await strayRow.innerText()).toContain('weft/task-zzz');
      await page.screenshot({ path: join(shots, 'board-worktree-findings.png') });

      await missing.getByRole('button', { name: 'Re-create from its branch' }).click();
      await expect.poll(() => findings.count()).toBe(1);
      expect(readFileSync(join(worktree, 'alpha.txt'), 'utf8')).toBe('a\n');

      // Removing asks first, and says the work is archived; Cancel leaves it.
      await strayRow.getByRole('button', { name: 'Remove…' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Remove this worktree?' });
      expect(await confirm.innerText()).toContain('refs/weft/archive/');
      await page.screenshot({ path: join(shots, 'board-remove-stray.png') });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      expect(existsSync(stray)).toBe(true);

      await strayRow.getByRole('button', { name: 'Remove…' }).click();
      await confirm.getByRole('button', { name: 'Archive and remove' }).click();
      await panel.waitFor({ state: 'detached' });
      expect(existsSync(stray)).toBe(false);
      const archive = refs(repo, 'refs/weft/archive/');
      expect(archive).toMatch(/refs\/weft\/archive\/task-stray-stray/);
      // The uncommitted file is in the archive.
      expect(git(repo, 'show', `${archive.split('\n').find((r) => r.includes('stray'))}:draft.txt`)).toBe(
        'not committed\n',
      );

      // Checking again finds nothing more.
      await page.getByRole('button', { name: 'More board actions' }).click();
      await page.getByRole('menuitem', { name: 'Check worktrees' }).click();
      await expect.poll(() => ok<unknown[]>('tasks.reconcile', { projectId })).toEqual([]);
      expect(await panel.count()).toBe(0);
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(shots, 'board-worktrees-failure.png') });
      throw error;
    } finally {
      await page.close();
    }
  }, 120_000);

  it('says a task worktree was moved outside Weft and moves it back, uncommitted work and all', async () => {
    const { repo, projectId, worktree } = await taskInReview('moved');
    const elsewhere = join(tempDir('weft-moved-'), 'by-hand');
    git(repo, 'worktree', 'move', worktree, elsewhere);
    writeFileSync(join(elsewhere, 'draft.txt'), 'not committed\n');

    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1400, height: 900 });
    try {
      await openBoard(page);
      const panel = page.getByRole('region', { name: 'Worktree check' });
      const moved = panel.getByTestId('worktree-finding').filter({ hasText: 'was moved outside Weft' });
      await moved.waitFor();
      expect(await moved.innerText()).toContain(elsewhere);
      await page.screenshot({ path: join(shots, 'board-worktree-moved.png') });
      await moved.getByRole('button', { name: 'Move it back' }).click();
      await panel.waitFor({ state: 'detached' });
      expect(existsSync(elsewhere)).toBe(false);
      expect(readFileSync(join(worktree, 'draft.txt'), 'utf8')).toBe('not committed\n');
      expect(await ok<unknown[]>('tasks.reconcile', { projectId })).toEqual([]);
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(shots, 'board-worktree-moved-failure.png') });
      throw error;
    } finally {
      await page.close();
    }
  }, 120_000);

  it('says a task branch was deleted outside Weft and recovers it from its archive', async () => {
    const { repo, projectId, taskId, worktree } = await taskInReview('recover');
    const branch = `weft/task-${taskId}`;
    const tip = git(repo, 'rev-parse', branch).trim();
    // Weft archived the task earlier (as it does before any cleanup); then both went outside Weft.
    git(repo, 'update-ref', `refs/weft/archive/task-${taskId}`, tip);
    git(repo, 'worktree', 'remove', '--force', worktree);
    git(repo, 'branch', '-D', branch);

    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1400, height: 900 });
    try {
      await openBoard(page);
      const panel = page.getByRole('region', { name: 'Worktree check' });
      const gone = panel.getByTestId('worktree-finding').filter({ hasText: 'its branch' }).filter({
        hasText: 'was deleted outside Weft. Weft archived its work',
      });
      await gone.waitFor();
      expect(await panel.innerText()).toContain(branch);
      // Without the branch the worktree cannot be re-created; only the archive can bring it back.
      expect(await panel.getByRole('button', { name: 'Re-create from its branch' }).count()).toBe(0);
      await page.screenshot({ path: join(shots, 'board-branch-deleted.png') });

      await gone.getByRole('button', { name: 'Recover' }).click();
      await panel.waitFor({ state: 'detached' });
      expect(git(repo, 'rev-parse', branch).trim()).toBe(tip);
      expect(readFileSync(join(worktree, 'alpha.txt'), 'utf8')).toBe('a\n');
      expect(await ok<unknown[]>('tasks.reconcile', { projectId })).toEqual([]);
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(shots, 'board-recover-failure.png') });
      throw error;
    } finally {
      await page.close();
    }
  }, 120_000);

  it('edits .weft/environment.json in Settings → Task board and refuses a bad ports value', async () => {
    const repo = makeRepo('environment');
    running = await startServer({ staticDir: rendererDir, backend: { env: {} } });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1400, height: 1600 });
    const file = join(repo, '.weft/environment.json');
    try {
      await openRepo(page, repo);
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('open settings');
      await page.keyboard.press('Enter');
      const form = page.getByRole('region', { name: 'Task environment' });
      await form.getByRole('button', { name: 'Save environment' }).waitFor();
      await expect.poll(() => form.getByRole('button', { name: 'Save environment' }).isEnabled()).toBe(true);

      await form.getByLabel('Setup command').fill('npm ci');
      await form.getByLabel('Cleanup command').fill('rm -rf .cache');
      await form.getByLabel('Environment variables').fill('NODE_ENV=test\nGREETING=hello world');
      await form.getByLabel('Hosts the setup may reach').fill('registry.npmjs.org\n*.pypi.org');
      await form.getByLabel('Ports per task').fill('20');
      await form.getByRole('button', { name: 'Save environment' }).click();
      await form.getByText('Saved to .weft/environment.json.').waitFor();
      const written = {
        setup: 'npm ci',
        cleanup: 'rm -rf .cache',
        env: { NODE_ENV: 'test', GREETING: 'hello world' },
        hosts: ['registry.npmjs.org', '*.pypi.org'],
        portsPerTask: 20,
      };
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(written);
      const before = readFileSync(file, 'utf8');

      await form.getByLabel('Ports per task').fill('5000');
      await form.getByRole('button', { name: 'Save environment' }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/portsPerTask/);
      expect(readFileSync(file, 'utf8')).toBe(before);
      await form.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'settings-environment.png') });
      expect(errors).toEqual([]);
    } catch (error) {
      await page.screenshot({ path: join(shots, 'settings-environment-failure.png') });
      throw error;
    } finally {
      await page.close();
    }
  }, 60_000);
});
