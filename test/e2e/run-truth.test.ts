import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../doubles/fake-model';
import { buggyRepo } from '../helpers/agent';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { call } from '../helpers/models';
import { startServer, type Running } from '../helpers/server';

// Issue #13, item 9: runs that tell the truth while they wait or break.
const browser = useBrowser();
let model: FakeModelServer;

beforeAll(async () => {
  // A priced model name, so the run has a cost to hold against its budget.
  model = await FakeModelServer.start({ models: ['gpt-4o-mini'] });
});
afterAll(async () => {
  await model?.close();
});

/** Browser mode over a fresh data dir, with the scripted model as a billed provider. */
async function serve(): Promise<Running> {
  const running = await startServer({
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
  return running;
}

/** Opens `repo`, fills the new-run form and starts the run. */
async function startRun(page: Page, repo: string, fields: { budget?: string; maxSteps?: string } = {}): Promise<void> {
  await page.getByLabel('Folder path').fill(repo);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('project-home').waitFor();
  await page.keyboard.press('Control+j');
  await page.getByRole('button', { name: 'Agents' }).click();
  const form = page.getByRole('form', { name: 'New agent run' });
  await form.getByLabel('Provider').selectOption({ label: 'Scripted model' });
  await form.getByLabel('Model').fill('gpt-4o-mini');
  if (fields.budget) await form.getByLabel('Budget in US dollars').fill(fields.budget);
  if (fields.maxSteps) await form.getByLabel('Max steps').fill(fields.maxSteps);
  await form.getByLabel('Task').fill('Fix the failing test in this repository.');
  await form.getByLabel('Task').press('Control+Enter');
  await page.getByTestId('run-view').waitFor();
}

describe('runs that tell the truth, in browser mode', () => {
  it('9d: a budget under a cent reads with the digits it needs', async () => {
    const repo = buggyRepo('budget-e2e');
    const running = await serve();
    // 8,000 in + 500 out at gpt-4o-mini prices is $0.0015: over a $0.001 budget after one call.
    model.enqueue(
      {
        text: 'Reading the code.',
        toolCalls: [{ name: 'files__read', arguments: { path: 'src/math.js' } }],
        usage: { input: 8000, output: 500 },
      },
      { text: 'Never sent: the budget stops the run first.' },
    );
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await startRun(page, repo, { budget: '0.001' });
      const runView = page.getByTestId('run-view');
      await expect
        .poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 })
        .toBe('Budget used up');
      const ended = page.getByRole('status', { name: 'Run budget used up' });
      await expect.poll(() => ended.innerText()).toContain('spent $0.0015 of its $0.001 budget');
      expect(await ended.innerText()).not.toContain('$0.00 budget');
      expect(await runView.getByTestId('run-cost').innerText()).toBe('$0.0015 of $0.001');
      await page.screenshot({ path: join(shots, 'run-budget-sub-cent.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
