import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../doubles/fake-model';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { addLocalProvider } from '../helpers/models';
import { startServer, type Running } from '../helpers/server';

const browser = useBrowser();

let fake: FakeModelServer;
let running: Running;

beforeAll(async () => {
  fake = await FakeModelServer.start({ models: ['fake-coder'] });
  running = await startServer({
    staticDir: rendererDir,
    backend: { env: {}, modelTiming: { sleep: async () => undefined } },
  });
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
});

/** Drags a palette item onto the canvas at a point given relative to the canvas's top-left corner. */
async function dropStep(page: Page, title: string, at: { x: number; y: number }): Promise<void> {
  const canvas = page.getByTestId('workflow-canvas');
  await page.getByRole('button', { name: `Add ${title} node` }).dragTo(canvas, { targetPosition: at });
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Connects `from`'s handle to `to`'s input by dragging with the mouse, as a person would. */
async function connect(page: Page, from: string, handle: string, to: string): Promise<void> {
  const source = await centre(page.locator(`.react-flow__handle[data-nodeid="${from}"][data-handleid="${handle}"]`));
  const target = await centre(page.locator(`.react-flow__handle[data-nodeid="${to}"][data-handleid="in"]`));
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 12 });
  await page.mouse.up();
}

describe('workflows in browser mode', () => {
  it('builds a three-step workflow on the canvas, saves it, runs it against the fake model and shows the output', async () => {
    const repo = makeRepo('workflow-repo');
    const providerId = await addLocalProvider(running.backend, fake.openaiUrl, 'native');
    fake.enqueue({ text: 'Green tests make a calm team.', usage: { input: 42, output: 9 } });

    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const form = page.getByRole('form', { name: 'New workflow' });
      await form.getByLabel('Workflow name').fill('e2e-flow');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.getByTestId('workflow-editor').waitFor();

      // Three steps from the palette: a shell step, a model call, another shell step.
      await dropStep(page, 'Shell', { x: 60, y: 100 });
      await dropStep(page, 'Model call', { x: 330, y: 260 });
      await dropStep(page, 'Shell', { x: 60, y: 420 });
      for (const id of ['shell', 'llm', 'shell_2']) await page.getByTestId(`wf-node-${id}`).waitFor();
      await connect(page, 'shell', 'success', 'llm');
      await connect(page, 'llm', 'success', 'shell_2');
      await page.screenshot({ path: join(shots, 'workflow-debug.png') });
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

      // Fill in each step in the inspector.
      await page.getByTestId('wf-node-shell').click();
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await inspector.getByLabel('Command', { exact: true }).fill('echo tests are green');
      await page.getByTestId('wf-node-llm').click();
      await inspector
        .getByLabel('Prompt', { exact: true })
        .fill('Write one line about this: {{nodes.shell.output.stdout}}');
      await inspector.getByLabel('Model: provider').selectOption(providerId);
      await inspector.getByLabel('Model: model').fill('fake-coder');
      await page.getByTestId('wf-node-shell_2').click();
      await inspector.getByLabel('Command', { exact: true }).fill('echo {{nodes.llm.output}}');
      await page.getByTestId('workflow-canvas').click({ position: { x: 20, y: 20 } });

      // Save with Ctrl+S: the file lands in the repository.
      await page.keyboard.press('Control+s');
      await expect
        .poll(() => {
          try {
            return JSON.parse(readFileSync(join(repo, '.weft/workflows/e2e-flow.json'), 'utf8')) as {
              nodes: unknown[];
              edges: unknown[];
            };
          } catch {
            return null;
          }
        })
        .toMatchObject({ nodes: [{ id: 'shell' }, { id: 'llm' }, { id: 'shell_2' }], edges: [{}, {}] });
      await page.screenshot({ path: join(shots, 'workflow-builder.png') });

      // Run it and watch every step turn green.
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      for (const id of ['shell', 'llm', 'shell_2']) {
        await expect
          .poll(() => page.getByTestId(`wf-node-${id}`).getAttribute('data-status'), { timeout: 20_000 })
          .toBe('completed');
      }
      await expect.poll(() => page.getByTestId('run-status').innerText()).toContain('Completed');

      // The model step's output, in the inspector.
      await page.getByTestId('wf-node-llm').click();
      await expect.poll(() => page.getByTestId('node-output').innerText()).toContain('Green tests make a calm team.');
      await page.screenshot({ path: join(shots, 'workflow-run.png') });

      // The Runs panel: history, timeline and tokens.
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('show workflow runs');
      await page.keyboard.press('Enter');
      const runs = page.getByRole('list', { name: 'Workflow runs' });
      await expect.poll(() => runs.innerText()).toContain('e2e-flow');
      await page.getByRole('img', { name: /Timeline of 3 steps/ }).waitFor();
      await page.getByRole('img', { name: /Tokens and cost of 1 steps/ }).waitFor();
      await page.screenshot({ path: join(shots, 'workflow-runs-panel.png') });

      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
