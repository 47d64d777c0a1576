import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../../doubles/fake-model';
import { buggyRepo, git } from '../../helpers/agent';
import { openPage, openRepo, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { call } from '../../helpers/models';
import { serveWithScriptedModel } from '../../helpers/scripted-model';
import type { Running } from '../../helpers/server';

const browser = useBrowser();
const model = useFakeModel({ models: ['fake-coder'] });

const show = (repo: string, rev: string) => execFileSync('git', ['-C', repo, 'show', rev], { encoding: 'utf8' });

/** Browser mode over a fresh data dir, with the scripted model as a provider. */
const serve = (): Promise<Running> => serveWithScriptedModel(model());

/** The timeline's entries of one kind, as the user sees them. */
const entries = (page: Page, kind: string) =>
  page.getByRole('log', { name: 'Run timeline' }).locator(`[data-kind="${kind}"]`);

describe('agent runs in browser mode', () => {
  it('starts a run, streams its text, asks before a command, checkpoints, rolls back and merges', async () => {
    const repo = buggyRepo('agent-e2e');
    const running = await serve();

    // The first answer streams its first words and then hangs, as a slow model would.
    model().enqueue({ text: 'Let me read the code before I change anything.', fault: { kind: 'stall' } });
    model().enqueue(
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
      await openRepo(page, repo);
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
      // Git work in the run's worktree: slow on a loaded two-core machine (timed out once at 5 s).
      await expect.poll(() => rollback.innerText(), { timeout: 30_000 }).toContain('Undone');
      await page.getByRole('tab', { name: /^Review:/ }).click();
      await expect.poll(() => files.innerText()).toContain('NOTES.md');
      expect(await files.innerText()).toContain('src/math.js');
      await page.screenshot({ path: join(shots, 'agent-review.png') });

      // Merge into main: the user's repository gets both files.
      await review.getByRole('button', { name: 'Merge into main' }).click();
      // The whole review's text, so a refusal shows up in the failure (a busy machine merges slowly).
      await expect.poll(() => review.innerText(), { timeout: 30_000 }).toContain('Merged');
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

  it('asks with the exact diff, explains a failed model call, refuses a conflicting merge and discards', async () => {
    const repo = buggyRepo('agent-e2e-light');
    const running = await serve();
    // The agent purpose's default model, as Settings → Models would set it.
    const defaults = await call(running.backend, 'settings.update', {
      models: { defaults: { agent: { providerId: 'scripted-model', model: 'fake-coder' } } },
    });
    if (!defaults.ok) throw new Error(defaults.error.message);
    model().enqueue(
      {
        text: 'First a note for reviewers.',
        toolCalls: [
          { name: 'files__write', arguments: { path: 'NOTES.md', content: '# Notes\n\nadd() adds.\n' } },
          { name: 'files__move', arguments: { from: 'README.md', to: 'docs/README.md' } },
        ],
      },
      { fault: { kind: 'status', status: 400, message: 'This request is too large for the model.' } },
    );

    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { colorScheme: 'light' });
    try {
      await openRepo(page, repo);
      await page.keyboard.press('Control+j');
      await page.getByRole('button', { name: 'Agents' }).click();

      // Project rules: writes and moves ask first.
      await page.getByRole('button', { name: 'Approval rules' }).click();
      const ruleForm = page.getByRole('form', { name: 'Add an approval rule' });
      const rules = page.getByRole('list', { name: 'Approval rules' });
      for (const tool of ['files__write', 'files__move']) {
        await ruleForm.getByLabel('Tool pattern').fill(tool);
        await ruleForm.getByLabel('Decision').selectOption('ask');
        await ruleForm.getByRole('button', { name: 'Add rule' }).click();
        await expect.poll(() => rules.innerText()).toContain(tool);
      }

      // From the command palette; the default model is used when none is picked.
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('agent new run');
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'New agent run' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Task');
      expect(await form.getByLabel('Model').getAttribute('placeholder')).toBe('fake-coder (Scripted model)');
      await page.keyboard.type('Fix add() and leave a note.');
      await form.getByRole('button', { name: 'Start run' }).click();
      const runView = page.getByTestId('run-view');

      // The card shows the exact diff, coloured; deny it.
      const approval = page.getByRole('group', { name: 'Approval for files__write' });
      await approval.waitFor({ timeout: 20_000 });
      const diff = approval.getByLabel('Proposed change to NOTES.md');
      expect(await diff.locator('[data-diff="add"]').allInnerTexts()).toEqual(['+# Notes', '+', '+add() adds.']);
      expect(await diff.innerText()).not.toContain('====');
      await page.screenshot({ path: join(shots, 'agent-approval-diff-light.png') });
      await approval.getByRole('button', { name: 'Deny' }).click();
      const write = page.getByRole('group', { name: 'Tool call files__write' });
      await expect.poll(() => write.getAttribute('data-state')).toBe('denied');
      expect(await write.innerText()).toContain('Denied by you');

      // A move has no diff: its card says in words what would move where, above the arguments.
      const move = page.getByRole('group', { name: 'Approval for files__move' });
      await move.waitFor({ timeout: 20_000 });
      expect(await move.getByTestId('approval-summary').innerText()).toBe('Move README.md → docs/README.md');
      expect(await move.getByLabel('Arguments').innerText()).toContain('"to": "docs/README.md"');
      await move.getByRole('button', { name: 'Deny' }).click();
      await move.waitFor({ state: 'detached' });

      // The next model call is refused: the run fails with the error in words.
      const failed = page.getByRole('alert', { name: 'Run failed' });
      await failed.waitFor({ timeout: 20_000 });
      expect(await failed.innerText()).toContain('The model provider refused the request');
      expect(await failed.innerText()).not.toMatch(/\bat .+:\d+:\d+/);
      expect(await runView.getByTestId('run-status').innerText()).toBe('Failed');
      await page.screenshot({ path: join(shots, 'agent-failed-light.png') });

      // A follow-up continues the failed run.
      model().enqueue(
        {
          toolCalls: [
            { name: 'files__edit', arguments: { path: 'src/math.js', old_string: 'a - b', new_string: 'a + b' } },
          ],
        },
        { text: 'Fixed add().' },
      );
      await page.getByLabel('Message to the agent').fill('Skip the note; just fix src/math.js.');
      await page.getByLabel('Message to the agent').press('Enter');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      expect(await page.getByRole('article', { name: 'Your message' }).innerText()).toContain('just fix');

      // Meanwhile the user changed the same line on main: merging is refused and nothing changes.
      writeFileSync(join(repo, 'src/math.js'), 'exports.add = (a, b) => b - a;\n');
      git(repo, 'commit', '-qam', 'my own change');
      const head = git(repo, 'rev-parse', 'HEAD');
      await runView.getByRole('button', { name: 'Review changes' }).click();
      const review = page.getByTestId('review-view');
      await review.getByRole('button', { name: 'Merge into main' }).click();
      const refused = review.getByRole('alert');
      await expect.poll(() => refused.innerText()).toContain('The changes conflict with the branch');
      expect(await refused.innerText()).toContain('Nothing was changed');
      expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
      expect(git(repo, 'status', '--porcelain')).toBe('');
      await page.screenshot({ path: join(shots, 'agent-merge-conflict-light.png') });

      // Discard asks first, saying the branch goes.
      await review.getByRole('button', { name: 'Discard…' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Discard this run?' });
      expect(await dialog.innerText()).toContain('deletes the branch');
      await page.screenshot({ path: join(shots, 'agent-discard-light.png') });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await review.getByRole('button', { name: 'Discard…' }).click();
      await dialog.getByRole('button', { name: 'Discard run' }).click();
      await expect.poll(() => review.getByRole('status').innerText()).toContain('Discarded');
      expect(git(repo, 'branch', '--list', 'weft/*')).toBe('');

      // The rules can go again.
      await rules.getByRole('button', { name: 'Remove rule files__move' }).click();
      await expect.poll(() => rules.innerText()).not.toContain('files__move');
      await rules.getByRole('button', { name: 'Remove rule files__write' }).click();
      await rules.waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 120_000);
});
