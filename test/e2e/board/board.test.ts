import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../../helpers/agent';
import { seriousViolations } from '../../helpers/board-a11y';
import { BoardModel } from '../../helpers/board-model';
import { openPage, openRepo, rendererDir, useBrowser } from '../../helpers/browser';
import { makeRepo } from '../../helpers/fixtures';
import { call } from '../../helpers/models';
import { startServer, type Running } from '../../helpers/server';

const browser = useBrowser();
const shots = '/tmp/shots-I';

/**
 * A small library with a test: `npm test` is green. Two tasks will change the same line of `add`
 * (a real conflict), two add new files, and a fifth documents what the first two added.
 */
function libraryRepo(): string {
  const dir = makeRepo('fleet-e2e');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/math.js'), 'exports.add = (a, b) => a + b;\nexports.sub = (a, b) => a - b;\n');
  writeFileSync(
    join(dir, 'test.js'),
    "const { add, sub } = require('./src/math');\nif (add(2, 3) !== 5 || sub(5, 3) !== 2) process.exit(1);\nconsole.log('PASS math');\n",
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'lib', private: true, scripts: { test: 'node test.js' } }),
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'a small library');
  return dir;
}

const write = (path: string, content: string) => ({
  text: `Writing ${path}.`,
  toolCalls: [{ name: 'files__write', arguments: { path, content } }],
});
const edit = (path: string, from: string, to: string) => ({
  text: `Changing ${path}.`,
  toolCalls: [{ name: 'files__edit', arguments: { path, old_string: from, new_string: to } }],
});

/** Each task's agent, picked by a word of its title. */
const scripts = {
  alpha: [write('src/square.js', 'exports.square = (x) => x * x;\n'), { text: 'Added square().' }],
  bravo: [write('src/cube.js', 'exports.cube = (x) => x * x * x;\n'), { text: 'Added cube().' }],
  charlie: [
    edit('src/math.js', 'exports.add = (a, b) => a + b;', 'exports.add = (a, b, c = 0) => a + b + c;'),
    { text: 'add() takes a third number.' },
  ],
  delta: [
    edit('src/math.js', 'exports.add = (a, b) => a + b;', 'exports.add = (a, b) => Number(a) + Number(b);'),
    { text: 'add() converts its arguments.' },
  ],
  echo: [write('docs/powers.md', '# Powers\n\nsquare() and cube() live in src/.\n'), { text: 'Documented.' }],
};

const checklist = [
  '- [ ] alpha: add a square function',
  '- [ ] bravo: add a cube function',
  '- [ ] charlie: let add take a third number',
  '- [ ] delta: make add convert its arguments to numbers',
  '- [ ] echo: document square and cube',
].join('\n');

const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
/** A task's card, found by the word its title starts with (other cards may name it in a badge). */
const card = (page: Page, word: string) =>
  page.getByTestId('task-card').filter({ has: page.getByRole('button', { name: new RegExp(`^${word}:`) }) });
const stateOf = async (page: Page, word: string) =>
  (await card(page, word).getByTestId('task-state').innerText()).trim();

let running: Running | undefined;
let model: BoardModel | undefined;
afterEach(async () => {
  await running?.stop();
  await model?.close();
  running = model = undefined;
});

describe('the task board in browser mode', () => {
  it('pastes a checklist, runs four agents at once, flags the two that collide and lands the rest through the queue', async () => {
    const repo = libraryRepo();
    model = await BoardModel.start(scripts);
    running = await startServer({
      staticDir: rendererDir,
      backend: { env: {}, modelTiming: { sleep: async () => undefined } },
    });
    const saved = await call(running.backend, 'models.saveProvider', {
      kind: 'openai-compatible',
      flavor: 'custom',
      name: 'Scripted model',
      baseUrl: model.openaiUrl,
      toolMode: 'native',
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const defaults = await call(running.backend, 'settings.update', {
      models: { defaults: { agent: { providerId: 'scripted-model', model: 'fake-coder' } } },
    });
    if (!defaults.ok) throw new Error(defaults.error.message);

    // A failure leaves where each task was in the backend (the page may not show it yet) next to the screenshots.
    const backend = running.backend;
    /** Where each task was in the backend (the page may not show it yet), left next to the screenshots. */
    const dumpBoard = async () => {
      const recent = await call(backend, 'projects.recent');
      const projectId = recent.ok ? (recent.value as { id: string }[])[0]?.id : undefined;
      if (!projectId) return;
      const tasks = await call(backend, 'tasks.list', { projectId });
      const runs = await call(backend, 'agent.list', { projectId });
      writeFileSync(join(shots, 'board-at-failure.json'), JSON.stringify({ tasks, runs }, null, 1));
    };
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1600, height: 1000 });
    // OS notifications as the page would show them, with Weft in the background.
    await page.addInitScript(() => {
      const shown: { title: string; body: string; click: () => void }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class FakeNotification {
        static permission = 'default';
        static requestPermission = async () => (FakeNotification.permission = 'granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          shown.push({ title, body: options.body, click: () => this.onclick?.() });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: FakeNotification });
      document.hasFocus = () => false;
    });
    await page.reload();
    await page.getByTestId('status-bar').waitFor();
    try {
      await openRepo(page, repo);

      // The Tasks view leads to an empty board that says what to do next.
      await page.getByRole('button', { name: 'Tasks', exact: true }).click();
      await page.getByTestId('tasks-view').getByRole('button', { name: 'Open task board' }).click();
      const board = page.getByTestId('board-view');
      await board.getByText('No tasks yet').waitFor();
      await page.screenshot({ path: join(shots, 'board-empty.png') });

      // Paste the checklist: five tasks, given the default agent and queued.
      await board.getByRole('button', { name: 'Paste a checklist' }).click();
      const dialog = page.getByRole('dialog', { name: 'Paste a checklist' });
      await dialog.getByLabel('Checklist (Markdown)').fill(checklist);
      await dialog.getByRole('button', { name: 'Add 5 tasks' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => column(page, 'Ready').getByTestId('task-card').count()).toBe(5);

      // echo depends on alpha and bravo: two dependencies, set in its detail panel; it is blocked.
      await card(page, 'echo').getByRole('button', { name: /^echo/ }).click();
      const detail = page.getByTestId('task-detail');
      await detail.getByRole('checkbox', { name: /alpha/ }).check();
      await detail.getByRole('checkbox', { name: /bravo/ }).check();
      await detail.getByRole('button', { name: 'Save dependencies' }).click();
      await expect.poll(() => stateOf(page, 'echo')).toBe('Blocked');
      await page.screenshot({ path: join(shots, 'board-detail.png') });
      expect(await seriousViolations(page)).toEqual([]);
      await detail.getByRole('button', { name: 'Close task details' }).click();

      // The check command Weft found in package.json, confirmed once.
      const note = page.getByTestId('check-command-note');
      expect(await note.innerText()).toContain('npm test');
      await note.getByRole('button', { name: 'Use it' }).click();
      await note.waitFor({ state: 'detached' });

      // Four agents at once: each one's first model call waits here until all four are in.
      model.hold();
      await page.getByRole('toolbar', { name: 'Board' }).getByLabel('Agents at once').fill('4');
      await page.getByRole('button', { name: 'Run board' }).click();
      await expect
        .poll(() => [...model!.waiting].sort(), { timeout: 30_000 })
        .toEqual(['alpha', 'bravo', 'charlie', 'delta']);
      await expect.poll(() => column(page, 'Running').getByTestId('task-card').count()).toBe(4);
      expect(await stateOf(page, 'echo')).toBe('Blocked');
      await page.screenshot({ path: join(shots, 'board-running.png') });
      model.release();

      // All four reach review after a green check; the radar flags charlie × delta (same line of add).
      for (const word of ['alpha', 'bravo', 'charlie', 'delta'])
        await expect.poll(() => stateOf(page, word), { timeout: 60_000 }).toBe('Needs review');
      await expect.poll(() => card(page, 'charlie').getByTestId('conflict-badge').count(), { timeout: 30_000 }).toBe(1);
      expect(await card(page, 'charlie').getByTestId('conflict-badge').innerText()).toContain('delta');
      expect(await card(page, 'alpha').getByTestId('conflict-badge').count()).toBe(0);
      await page.screenshot({ path: join(shots, 'board-review.png') });
      expect(await seriousViolations(page)).toEqual([]);

      // Notified while Weft is in the background; clicking the notification shows the task.
      type Shown = { title: string; body: string; click: () => void }[];
      const notified = () =>
        page.evaluate(() =>
          (window as unknown as { shownNotifications: Shown }).shownNotifications.map((n) => `${n.title}: ${n.body}`),
        );
      await expect.poll(notified).toContainEqual(expect.stringMatching(/^A task is ready for review: charlie/));
      await page.evaluate(() =>
        (window as unknown as { shownNotifications: Shown }).shownNotifications
          .find((n) => n.body.startsWith('charlie'))!
          .click(),
      );
      await expect.poll(() => detail.getByLabel('Title').inputValue()).toMatch(/^charlie/);

      await page.getByRole('button', { name: 'Conflict radar' }).click();
      const matrix = page.getByRole('table', { name: 'Conflict radar' });
      const cell = matrix.getByRole('button', { name: /^charlie.* and delta.*: 1 conflicting/ });
      await cell.click();
      const files = page.getByRole('region', { name: 'Files of the pair' });
      expect(await files.innerText()).toContain('src/math.js');
      await expect.poll(() => files.innerText()).toMatch(/conflict at lines \d+–\d+/);
      expect(await matrix.locator('[data-conflict="yes"]').count()).toBe(2);
      await page.screenshot({ path: join(shots, 'board-radar.png') });
      expect(await seriousViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.screenshot({ path: join(shots, 'board-radar-light.png') });
      await page.emulateMedia({ colorScheme: 'dark' });

      // Approve the others: alpha and bravo land; echo runs on the new base and lands too.
      await page.getByRole('button', { name: 'Board', exact: true }).click();
      for (const word of ['alpha', 'bravo']) {
        await card(page, word)
          .getByRole('button', { name: new RegExp(`^${word}`) })
          .click();
        await detail.getByRole('button', { name: 'Approve' }).click();
      }
      for (const word of ['alpha', 'bravo'])
        await expect.poll(() => stateOf(page, word), { timeout: 60_000 }).toBe('Done');
      await expect.poll(() => stateOf(page, 'echo'), { timeout: 60_000 }).toBe('Needs review');
      await card(page, 'echo').getByRole('button', { name: /^echo/ }).click();
      expect(await detail.getByLabel('Check output').innerText()).toContain('PASS math');
      await detail.getByRole('button', { name: 'Approve' }).click();
      await expect.poll(() => stateOf(page, 'echo'), { timeout: 60_000 }).toBe('Done');
      expect(await stateOf(page, 'charlie')).toBe('Needs review');
      expect(await stateOf(page, 'delta')).toBe('Needs review');

      const show = (rev: string) => execFileSync('git', ['-C', repo, 'show', rev], { encoding: 'utf8' });
      expect(show('main:src/square.js')).toContain('x * x');
      expect(show('main:src/cube.js')).toContain('x * x * x');
      expect(show('main:docs/powers.md')).toContain('Powers');
      expect(show('main:src/math.js')).toContain('(a, b) => a + b');
      await page.screenshot({ path: join(shots, 'board-landed.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await card(page, 'charlie')
        .getByRole('button', { name: /^charlie/ })
        .click();
      await page.screenshot({ path: join(shots, 'board-landed-light.png') });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } catch (error) {
      await dumpBoard();
      throw error;
    } finally {
      await page.close();
    }
  }, 240_000);

  it('moves tasks by drag and by keyboard, and refuses a dependency cycle naming it', async () => {
    const repo = libraryRepo();
    running = await startServer({ staticDir: rendererDir });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1600, height: 900 });
    try {
      await openRepo(page, repo);
      await page.keyboard.press('Control+Shift+K');
      await page.getByTestId('board-view').getByRole('button', { name: 'Paste a checklist' }).click();
      const dialog = page.getByRole('dialog', { name: 'Paste a checklist' });
      await dialog
        .getByLabel('Checklist (Markdown)')
        .fill('- [ ] alpha: parse\n- [ ] bravo: print\n- [x] done already');
      // No default model in a fresh data dir: the tasks stay unassigned in the backlog.
      expect(await dialog.getByLabel('Assignee').inputValue()).toBe('none');
      await dialog.getByRole('button', { name: 'Add 2 tasks' }).click();
      await page.getByRole('status').filter({ hasText: 'Already done: done already' }).waitFor();
      await expect.poll(() => column(page, 'Backlog').getByTestId('task-card').count()).toBe(2);

      // Keyboard: Alt+↑ raises alpha's priority; the card menu lowers it again.
      await card(page, 'alpha')
        .getByRole('button', { name: /^alpha/ })
        .focus();
      await page.keyboard.press('Alt+ArrowUp');
      await expect.poll(() => card(page, 'alpha').innerText()).toContain('P2');
      await card(page, 'alpha')
        .getByRole('button', { name: /^Actions for alpha/ })
        .click();
      await page.getByRole('menuitem', { name: /Lower priority/ }).click();
      await expect.poll(() => card(page, 'alpha').innerText()).toContain('P3');

      // Queueing needs an assignee: the refusal is said, the task stays in the backlog.
      await card(page, 'bravo').dragTo(column(page, 'Ready'));
      await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/assign/i);
      expect(await stateOf(page, 'bravo')).toBe('Backlog');

      // alpha waits for bravo; bravo waiting for alpha would close a cycle, named in the refusal.
      await card(page, 'alpha')
        .getByRole('button', { name: /^alpha/ })
        .click();
      const detail = page.getByTestId('task-detail');
      await detail.getByRole('checkbox', { name: /bravo/ }).check();
      await detail.getByRole('button', { name: 'Save dependencies' }).click();
      await expect.poll(() => card(page, 'alpha').innerText()).toContain('1 dep.');
      await card(page, 'bravo')
        .getByRole('button', { name: /^bravo/ })
        .click();
      await expect.poll(() => detail.getByLabel('Title').inputValue()).toBe('bravo: print');
      await detail.getByRole('checkbox', { name: /alpha/ }).check();
      await detail.getByRole('button', { name: 'Save dependencies' }).click();
      const refusal = detail.getByRole('alert');
      await expect.poll(() => refusal.innerText()).toContain('bravo: print → alpha: parse');
      await page.screenshot({ path: join(shots, 'board-cycle.png') });
      expect(await seriousViolations(page)).toEqual([]);

      // A task by hand, selected once added.
      await page.getByRole('toolbar', { name: 'Board' }).getByRole('button', { name: 'Add task' }).click();
      const add = page.getByRole('dialog', { name: 'Add a task' });
      await add.getByLabel('Title').fill('charlie: log');
      await add.getByLabel('Priority').selectOption('1');
      await add.getByRole('button', { name: 'Add task' }).click();
      await expect.poll(() => detail.getByLabel('Title').inputValue()).toBe('charlie: log');
      expect(await card(page, 'charlie').innerText()).toContain('P1');

      // The board as a file: exported, then imported again as new tasks in the backlog.
      await page.getByRole('button', { name: 'More board actions' }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: /Export board/ }).click();
      const file = join(repo, '..', 'board.json');
      await (await download).saveAs(file);
      expect(JSON.parse(readFileSync(file, 'utf8')).tasks).toHaveLength(3);
      await page.getByLabel('Board file to import').setInputFiles(file);
      await expect.poll(() => column(page, 'Backlog').getByTestId('task-card').count()).toBe(6);

      await page.getByRole('button', { name: 'Dependencies', exact: true }).click();
      // Two tasks each waiting for one: two edges, one per copy of the board.
      const graph = page.getByTestId('dependency-graph');
      await expect.poll(() => graph.locator('.react-flow__node').count()).toBe(6);
      // Edges are drawn once both ends are measured.
      await expect.poll(() => graph.getByRole('group', { name: /^Edge from/ }).count()).toBe(2);
      await page.screenshot({ path: join(shots, 'board-graph.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
