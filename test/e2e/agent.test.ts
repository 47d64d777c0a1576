import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../doubles/fake-model';
import { buggyRepo } from '../helpers/agent';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { call } from '../helpers/models';
import { startServer, type Running } from '../helpers/server';

const browser = useBrowser();
let model: FakeModelServer;

beforeAll(async () => {
  model = await FakeModelServer.start({ models: ['fake-coder'] });
});
afterAll(async () => {
  await model?.close();
});

const show = (repo: string, rev: string) => execFileSync('git', ['-C', repo, 'show', rev], { encoding: 'utf8' });

/** The timeline's entries of one kind, as the user sees them. */
const entries = (page: Page, kind: string) =>
  page.getByRole('log', { name: 'Run timeline' }).locator(`[data-kind="${kind}"]`);

describe('agent runs in browser mode', () => {
  it('starts a run, streams its text, asks before a command, checkpoints, rolls back and merges', async () => {
    const repo = buggyRepo('agent-e2e');
    const running: Running = await startServer({ staticDir: rendererDir, backend: { env: {} } });
    const saved = await call(running.backend, 'models.saveProvider', {
      kind: 'openai-compatible',
      flavor: 'custom',
      name: 'Scripted model',
      baseUrl: model.openaiUrl,
      toolMode: 'native',
    });
    if (!saved.ok) throw new Error(saved.error.message);

    // The first answer streams its first words and then hangs, as a slow model would.
    model.enqueue({ text: 'Let me read the code before I change anything.', fault: { kind: 'stall' } });
    model.enqueue(
      { text: 'Reading the code.', toolCalls: [{ name: 'files__read', arguments: { path: 'src/math.js' } }] },
      {
        text: 'The bug: `add` subtracts. Fixing it.',
        toolCalls: [
          { name: 'files__edit', arguments: { path: 'src/math.js', old_string: 'a - b', new_string: 'a + b' } },
        ],
        usage: { input: 1200, output: 80 },
      },
      {
        text: 'Running the test directly.',
        toolCalls: [{ name: 'shell__run', arguments: { command: 'node test.js' } }],
      },
      {
        text: 'Adding a note for reviewers.',
        toolCalls: [{ name: 'files__write', arguments: { path: 'NOTES.md', content: '# Notes\n\nadd() adds now.\n' } }],
      },
      { text: 'Fixed `add()`: it subtracted instead of adding. `node test.js` passes.' },
    );

    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 960 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByTestId('project-home').waitFor();
      await page.keyboard.press('Control+j');

      // New run: task, the scripted provider and model, Ctrl+Enter starts it and opens its tab.
      await page.getByRole('button', { name: 'Agents' }).click();
      const form = page.getByRole('form', { name: 'New agent run' });
      await form.getByLabel('Provider').selectOption({ label: 'Scripted model' });
      await form.getByLabel('Model').fill('fake-coder');
      await form.getByLabel('Task').fill('Fix the failing test in this repository.');
      await form.getByLabel('Task').press('Control+Enter');
      const runView = page.getByTestId('run-view');
      await runView.waitFor();

      // Streaming text shows while the model is still answering.
      // (The stopped step is not counted, so the next answer is step 1 again.)
      const streaming = page.getByRole('article', { name: 'Agent, step 1' }).first();
      await expect.poll(() => streaming.innerText()).toContain('Let me');
      expect(await streaming.getAttribute('aria-busy')).toBe('true');
      expect(await runView.getByTestId('run-status').innerText()).toBe('Running');
      await page.screenshot({ path: join(shots, 'agent-streaming.png') });

      // Stop it; what streamed stays; "Continue" sends a follow-up that picks the run up again.
      await runView.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => runView.getByTestId('run-status').innerText()).toBe('Stopped');
      expect(await streaming.innerText()).toContain('Let me');
      await page.getByRole('status', { name: 'Run stopped' }).getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => page.getByLabel('Message to the agent').inputValue()).toBe('Continue.');
      await page.getByLabel('Message to the agent').press('Enter');

      // Tool calls appear as cards; the shell command waits on an approval card.
      const approval = page.getByRole('group', { name: 'Approval for shell__run' });
      await approval.waitFor({ timeout: 20_000 });
      expect(await approval.getByLabel('Command').innerText()).toContain('node test.js');
      await expect.poll(() => entries(page, 'checkpoint').count()).toBe(1);
      const readCard = page.getByRole('group', { name: 'Tool call files__read' });
      expect(await readCard.getAttribute('data-state')).toBe('done');
      await readCard.getByRole('button').first().click();
      expect(await readCard.innerText()).toContain('a - b');
      expect(await runView.getByTestId('run-status').innerText()).toBe('Needs approval');
      await approval.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'agent-approval.png') });

      // Keyboard: Tab to "Allow once" and press Enter. The answered card folds into its tool call.
      await approval.getByRole('button', { name: 'Always allow for this project' }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await approval.waitFor({ state: 'detached' });
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      const shell = page.getByRole('group', { name: 'Tool call shell__run' });
      expect(await shell.getAttribute('data-state')).toBe('done');
      expect(await shell.innerText()).toContain('Allowed once');
      await shell.getByRole('button').first().click();
      expect(await shell.innerText()).toContain('PASS add');
      expect(await shell.getByLabel('Command').innerText()).toContain('node test.js');
      expect(await page.getByRole('article', { name: 'Agent, step 5' }).innerText()).toContain('passes');
      await expect.poll(() => entries(page, 'checkpoint').count()).toBe(2);
      expect(await runView.getByTestId('run-steps').innerText()).toMatch(/^5 \//);
      await page.screenshot({ path: join(shots, 'agent-run-completed.png') });

      // The first checkpoint's diff, in Monaco.
      const first = page.getByRole('group', { name: /^Checkpoint after step 2/ });
      expect(await first.innerText()).toContain('src/math.js');
      await first.getByRole('button', { name: 'View diff' }).click();
      const review = page.getByTestId('review-view');
      await review.waitFor();
      await expect.poll(() => review.getByRole('list', { name: 'Changed files' }).innerText()).toContain('src/math.js');
      const diff = review.getByTestId('diff-view');
      // Monaco draws spaces as no-break spaces.
      const side = async (name: 'original' | 'modified') =>
        (await diff.locator(`.${name}-in-monaco-diff-editor .view-lines[role="presentation"]`).innerText()).replace(
          /\u00a0/g,
          ' ',
        );
      await expect.poll(() => side('modified')).toContain('a + b');
      expect(await side('original')).toContain('a - b');
      await page.screenshot({ path: join(shots, 'agent-review-step.png') });

      // Roll back to after the fix: NOTES.md leaves the run's changes; undo brings it back.
      await page
        .getByRole('tab', { name: /Fix the failing test/ })
        .first()
        .click();
      await first.getByRole('button', { name: 'Roll back to here' }).click();
      const rollback = page.getByRole('group', { name: 'Rollback' });
      await expect.poll(() => rollback.innerText()).toContain('Rolled back to step 2');
      await page.getByRole('tab', { name: /^Review:/ }).click();
      await review.getByLabel('Changes to show').selectOption('all');
      const files = review.getByRole('list', { name: 'Changed files' });
      await expect.poll(() => files.innerText()).not.toContain('NOTES.md');
      await page
        .getByRole('tab', { name: /Fix the failing test/ })
        .first()
        .click();
      await rollback.getByRole('button', { name: 'Undo rollback' }).click();
      await expect.poll(() => rollback.innerText()).toContain('Undone');
      await page.getByRole('tab', { name: /^Review:/ }).click();
      await expect.poll(() => files.innerText()).toContain('NOTES.md');
      expect(await files.innerText()).toContain('src/math.js');
      await page.screenshot({ path: join(shots, 'agent-review.png') });

      // Merge into main: the user's repository gets both files.
      await review.getByRole('button', { name: 'Merge into main' }).click();
      await expect.poll(() => review.getByRole('status').innerText()).toContain('Merged');
      expect(await review.innerText()).toContain('Nothing left to review here');
      expect(show(repo, 'main:src/math.js')).toContain('a + b');
      expect(show(repo, 'main:NOTES.md')).toContain('add() adds now.');

      // The decision is in the audit list.
      await page.getByRole('button', { name: 'Audit' }).click();
      const audit = page.getByRole('list', { name: 'Audit log' });
      await expect.poll(() => audit.innerText()).toContain('allowed once');
      expect(await audit.innerText()).toContain('node test.js');
      await page.screenshot({ path: join(shots, 'agent-merged.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 120_000);
});
