import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../../doubles/fake-model';
import { buggyRepo } from '../../helpers/agent';
import { openPage, openRepo, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { serveWithScriptedModel } from '../../helpers/scripted-model';

const browser = useBrowser();
const model = useFakeModel({ models: ['fake-coder'] });

describe('the sandbox in browser mode', () => {
  it('a run shows it is sandboxed and names the write and the connection it stopped', async () => {
    const repo = buggyRepo('sandbox-e2e');
    // The user's own checkout: readable inside the run's sandbox, never writable.
    const outside = join(repo, 'escaped.txt');
    const running = await serveWithScriptedModel(model());
    model().enqueue(
      {
        text: 'Trying to leave the worktree.',
        toolCalls: [
          { name: 'shell__run', arguments: { command: `echo hi > ${outside}; curl -s -m 3 https://example.com/` } },
        ],
      },
      { text: 'The sandbox stopped both.' },
    );

    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 960 });
    try {
      await openRepo(page, repo);
      await page.getByRole('button', { name: 'Agents' }).click();
      // Approve everything (under Approval rules): the sandbox alone holds the command.
      await page
        .getByRole('region', { name: 'Approval rules' })
        .getByRole('button', { name: 'Approval rules' })
        .click();
      const approveAll = page.getByRole('checkbox', { name: 'Approve every tool call while sandboxed' });
      // The box follows the saved setting, so it shows ticked once the update is done.
      await approveAll.click();
      await expect.poll(() => approveAll.isChecked()).toBe(true);
      const form = page.getByRole('form', { name: 'New agent run' });
      await form.getByLabel('Provider').selectOption({ label: 'Scripted model' });
      await form.getByLabel('Model').fill('fake-coder');
      await form.getByLabel('Task').fill('Write outside the worktree and reach the network.');
      await form.getByLabel('Task').press('Control+Enter');
      const runView = page.getByTestId('run-view');
      await runView.waitFor();
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      expect(await runView.getByTestId('run-sandbox').innerText()).toBe('Sandboxed');
      const denied = page.locator('[data-sandbox-event="denied"]');
      await expect.poll(() => denied.count()).toBe(2);
      expect(await denied.nth(0).innerText()).toContain(outside);
      expect(await denied.nth(1).innerText()).toContain('example.com:443');
      expect(existsSync(outside)).toBe(false);
      await denied.nth(1).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'sandbox-run.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 120_000);
});
