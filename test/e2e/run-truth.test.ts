import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunEntry } from '../../src/shared/domain/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../doubles/fake-model';
import { buggyRepo } from '../helpers/agent';
import { startChild } from '../helpers/children';
import { openPage, openRepo, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/fixtures';
import { call } from '../helpers/models';
import { startServer, type Running } from '../helpers/server';

// Issue #13, item 9: runs that tell the truth while they wait or break.
const browser = useBrowser();
let model: FakeModelServer;

// A fresh double per test, so answers one test queued and never used cannot leak into the next.
beforeEach(async () => {
  // A priced model name, so the run has a cost to hold against its budget.
  model = await FakeModelServer.start({ models: ['gpt-4o-mini'] });
});
afterEach(async () => {
  await model?.close();
});

/** Browser mode over a fresh data dir, with the scripted model as a billed provider. */
async function serve(
  dataDir?: string,
  toolMode: 'native' | 'text' = 'native',
  firstTokenTimeoutMs?: number,
): Promise<Running> {
  const timeouts = firstTokenTimeoutMs ? { firstTokenTimeoutMs, localFirstTokenTimeoutMs: firstTokenTimeoutMs } : {};
  const running = await startServer({
    staticDir: rendererDir,
    ...(dataDir ? { dataDir } : {}),
    backend: { env: {}, modelTiming: { sleep: async () => undefined, ...timeouts } },
  });
  // A data dir from an earlier Weft already holds the provider.
  if (dataDir) return running;
  const saved = await call(running.backend, 'models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    name: 'Scripted model',
    baseUrl: model.openaiUrl,
    toolMode,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  return running;
}

/** Runs a Weft in a child process until its run's shell command is running, then kills it (SIGKILL). */
async function crashWhileRunning(dataDir: string, repo: string): Promise<string> {
  const child = startChild('agent-crash-running-child.ts', [dataDir, repo, model.openaiUrl]);
  const runId = (await child.printed(/running (\w+)/))[1]!;
  await child.kill();
  return runId;
}

/** Opens `repo`, fills the new-run form and starts the run. */
async function startRun(page: Page, repo: string, fields: { budget?: string; maxSteps?: string } = {}): Promise<void> {
  await openRepo(page, repo);
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

  it('9c: after a crash, the open tool call reads Interrupted, and stays so after Continue', async () => {
    const repo = buggyRepo('crash-e2e');
    const dataDir = join(tempDir('weft-crash-e2e-'), 'data');
    model.enqueue({
      text: 'Running the tests first.',
      toolCalls: [{ name: 'shell__run', arguments: { command: 'sleep 60' } }],
    });
    const runId = await crashWhileRunning(dataDir, repo);

    const running = await serve(dataDir);
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      // The folder the crashed Weft had open opens again by itself.
      await page.getByTestId('project-home').waitFor();
      await page.keyboard.press('Control+j');
      await page.getByRole('button', { name: 'Agents' }).click();
      await page.getByRole('list', { name: 'Agent runs' }).getByRole('button').first().click();
      const runView = page.getByTestId('run-view');
      await expect.poll(() => runView.getByTestId('run-status').innerText()).toBe('Interrupted');
      const card = page.getByRole('group', { name: 'Tool call shell__run' });
      await expect.poll(() => card.getAttribute('data-state')).toBe('interrupted');
      expect(await card.innerText()).toContain('Interrupted');
      await card.getByRole('button').first().click();
      expect(await card.innerText()).toContain('Weft stopped before this call finished');
      await page.screenshot({ path: join(shots, 'run-crash-interrupted.png') });

      // Continue: the run goes on and the old card stays closed.
      model.enqueue({ text: 'The command was cut short; nothing else to do.' });
      await page.getByRole('status', { name: 'Run interrupted' }).getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Message to the agent').press('Enter');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      expect(await card.getAttribute('data-state')).toBe('interrupted');
      const reply = await call(running.backend, 'agent.get', { runId });
      if (!reply.ok) throw new Error(reply.error.message);
      const { entries } = reply.value as { entries: RunEntry[] };
      const open = entries.filter(
        (e) => e.kind === 'tool' && ['pending', 'awaiting_approval', 'running'].includes(e.state),
      );
      expect(open).toEqual([]);
      await page.screenshot({ path: join(shots, 'run-crash-continued.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);

  it('9f: Continue says how many more steps it grants, and the limit moves by exactly that', async () => {
    const repo = buggyRepo('steps-e2e');
    const running = await serve();
    const read = { name: 'files__read', arguments: { path: 'src/math.js' } };
    model.enqueue(
      { text: 'Reading.', toolCalls: [read] },
      { text: 'Reading again.', toolCalls: [read] },
      { text: 'Done: add() subtracts; that is the bug.' },
    );
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await startRun(page, repo, { maxSteps: '2' });
      const runView = page.getByTestId('run-view');
      await expect
        .poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 })
        .toBe('Step limit reached');
      expect(await runView.getByTestId('run-steps').innerText()).toBe('2 / 2');
      expect(await page.getByRole('article', { name: 'Task' }).getByTestId('step-grant').innerText()).toBe(
        'up to 2 steps',
      );
      const ended = page.getByRole('status', { name: 'Run step limit reached' });
      await expect
        .poll(() => ended.innerText())
        .toContain(
          'Continue sends a follow-up so it picks up where it left off, with up to 2 more steps (step limit 2 → 4).',
        );
      await ended.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'run-continue-steps.png') });

      await ended.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Message to the agent').press('Enter');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      // The limit moved by what was said, and the message says what it granted.
      expect(await runView.getByTestId('run-steps').innerText()).toBe('3 / 4');
      expect(await page.getByRole('article', { name: 'Your message' }).getByTestId('step-grant').innerText()).toBe(
        'up to 2 more steps · limit 4',
      );
      await page.screenshot({ path: join(shots, 'run-continued-steps.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('9b: tool calls the model wrote as text show as tool cards, and go back to the model once', async () => {
    const repo = buggyRepo('text-tool-e2e');
    const running = await serve(undefined, 'text');
    const read = '<tool_call>{"name": "files__read", "arguments": {"path": "src/math.js"}}</tool_call>';
    model.enqueue(
      // With words before the call, and with nothing but the call.
      { text: `Reading the code.\n${read}` },
      { text: read.replace('src/math.js', 'test.js') },
      { text: 'add() subtracts; that is the bug.' },
    );
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await startRun(page, repo);
      const runView = page.getByTestId('run-view');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      expect(await page.getByRole('article', { name: 'Agent, step 1' }).innerText()).toContain('Reading the code.');
      expect(await runView.innerText()).not.toContain('tool_call');
      const cards = page.getByRole('group', { name: 'Tool call files__read' });
      await expect.poll(() => cards.count()).toBe(2);
      for (const card of await cards.all()) expect(await card.getAttribute('data-state')).toBe('done');
      await cards.first().getByRole('button').first().click();
      expect(await cards.first().innerText()).toContain('a - b');
      await page.screenshot({ path: join(shots, 'run-text-tool-call.png') });

      // The last request carries each call once, in its assistant turn, as the protocol writes it.
      expect(model.calls).toHaveLength(3);
      const history = (model.calls[2]!.body as { messages: { role: string; content: unknown }[] }).messages;
      const said = history.filter((m) => m.role === 'assistant').map((m) => JSON.stringify(m.content));
      expect(said.join('\n').match(/<tool_call>/g)).toHaveLength(2);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('9a: a model that never answers shows each retry as it happens, and the end says what happened', async () => {
    const repo = buggyRepo('stall-e2e');
    // First-token timeout of 1 s; the server sends headers and then nothing for each of the four attempts.
    const running = await serve(undefined, 'native', 1000);
    for (let i = 0; i < 4; i++) model.enqueue({ fault: { kind: 'slow', delayMs: 30_000 } });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await startRun(page, repo);
      const runView = page.getByTestId('run-view');
      const log = page.getByRole('log', { name: 'Run timeline' });
      // The first retry is on screen while the run is still running.
      await expect.poll(() => log.innerText(), { timeout: 15_000 }).toContain('Attempt 1 of 4 failed');
      expect(await runView.getByTestId('run-status').innerText()).toBe('Running');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Failed');
      const text = await log.innerText();
      expect(text).toContain('Attempt 2 of 4 failed');
      expect(text).toContain('Attempt 3 of 4 failed');
      expect(text).toContain('sent no answer within 1 s');
      const failed = page.getByRole('alert', { name: 'Run failed' });
      expect(await failed.innerText()).toMatch(/Weft tried 4 times over \d+ s\./);
      await page.screenshot({ path: join(shots, 'run-retries.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);
});
