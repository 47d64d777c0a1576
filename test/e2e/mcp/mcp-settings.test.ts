import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir, useBrowser } from '../../helpers/browser';
import { makeRepo } from '../../helpers/fixtures';
import { everything, scriptServer } from '../../helpers/mcp';
import { startServer } from '../../helpers/server';

const browser = useBrowser();

describe('MCP servers in settings (browser mode)', () => {
  it('imports a JSON config; the server becomes ready with its tools listed, a crashing one shows why', async () => {
    const running = await startServer({
      staticDir: rendererDir,
      backend: {
        mcpTiming: { restart: { baseMs: 200, maxMs: 400, maxFailures: 2, stableMs: 60_000 } },
      },
    });
    const token = 'tok-PLANTED-e2e-5Kq8Zr2Wn7';
    const crashy = scriptServer(
      '',
      "process.stderr.write('starting crashy\\nError: could not reach the license server\\n'); process.exit(2);",
    );
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 2400 });
    try {
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('configure mcp servers');
      await page.keyboard.press('Enter');
      const section = page.getByRole('region', { name: 'MCP Servers' });
      await section.waitFor();
      const list = section.getByRole('list', { name: 'MCP servers' });
      for (const name of ['files', 'git', 'shell', 'search']) {
        await expect.poll(() => list.getByRole('listitem', { name, exact: true }).innerText()).toContain('ready');
      }

      await section.getByRole('button', { name: 'Import from JSON…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import MCP servers' });
      await dialog.getByRole('textbox', { name: 'MCP config JSON' }).fill(
        JSON.stringify(
          {
            mcpServers: {
              Everything: { command: everything.command, args: everything.args, env: { API_TOKEN: token } },
              'Crashy Server': crashy,
              legacy: { type: 'sse', url: 'http://127.0.0.1:9/sse' },
            },
          },
          null,
          2,
        ),
      );
      await dialog.getByRole('button', { name: 'Import' }).click();
      const result = dialog.getByRole('status', { name: 'Import result' });
      await expect.poll(() => result.innerText()).toContain('Added: everything, crashy-server');
      expect(await result.innerText()).toContain('Skipped legacy: the SSE transport is not supported');
      await dialog.screenshot({ path: join(shotsDir, 'mcp-import-dialog.png') });
      await dialog.getByRole('button', { name: 'Close' }).click();

      const row = list.getByRole('listitem', { name: 'everything', exact: true });
      await expect.poll(() => row.getByTestId('mcp-status').innerText(), { timeout: 20_000 }).toBe('ready');
      await row.getByRole('button', { name: /^\d+ tools$/ }).click();
      const tools = row.getByRole('list', { name: 'Tools of everything' });
      await expect.poll(() => tools.innerText()).toContain('everything__echo');
      expect(await tools.innerText()).toContain('everything__get-sum');

      const crash = list.getByRole('listitem', { name: 'crashy-server', exact: true });
      await expect.poll(() => crash.getByTestId('mcp-status').innerText(), { timeout: 20_000 }).toBe('failed');
      const alert = crash.getByRole('alert');
      expect(await alert.innerText()).toContain('exited with code 2');
      expect(await alert.innerText()).toContain('Gave up after 2 failed starts');
      expect(await alert.innerText()).toContain('could not reach the license server');

      expect(await page.content()).not.toContain(token);
      await section.screenshot({ path: join(shotsDir, 'mcp-settings.png') });

      // Edit shows the env name, never its value.
      await row.getByRole('button', { name: 'Edit' }).click();
      const form = row.getByRole('form', { name: 'Edit everything' });
      expect(await form.getByLabel('Environment').inputValue()).toBe('API_TOKEN=');
      await form.getByRole('button', { name: 'Cancel' }).click();

      // Removing a server takes it off the list.
      await crash.getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => list.getByRole('listitem', { name: 'crashy-server', exact: true }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('adds a stdio server for the open project through the form', async () => {
    const running = await startServer({ staticDir: rendererDir });
    const repo = makeRepo();
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 1400 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('[data-path="README.md"]').waitFor();
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('configure mcp servers');
      await page.keyboard.press('Enter');
      const section = page.getByRole('region', { name: 'MCP Servers' });
      await section.getByRole('button', { name: 'Add a server…' }).click();
      const form = section.getByRole('form', { name: 'Add an MCP server' });
      await form.getByLabel('Name').fill('reference');
      await form.getByLabel('Available in').selectOption('project');
      await form.getByLabel('Command').fill(everything.command);
      await form.getByLabel('Arguments').fill(everything.args.join('\n'));
      await form.getByLabel('Environment').fill('LOG_LEVEL=debug');
      await form.screenshot({ path: join(shotsDir, 'mcp-add-server.png') });
      await form.getByRole('button', { name: 'Add server' }).click();
      const row = section.getByRole('listitem', { name: 'reference', exact: true });
      await expect.poll(() => row.getByTestId('mcp-status').innerText(), { timeout: 20_000 }).toBe('ready');
      expect(await row.innerText()).toContain('this project');
      expect(await row.innerText()).not.toContain('Unconfined');

      // Trusting it to run outside agent runs' sandbox is a tick the user makes, shown on the row.
      await row.getByRole('button', { name: 'Edit' }).click();
      const edit = row.getByRole('form', { name: 'Edit reference' });
      const unconfined = edit.getByRole('checkbox', { name: 'Run unconfined (trusted)' });
      expect(await unconfined.isChecked()).toBe(false);
      await edit.getByLabel('Environment').focus();
      await page.keyboard.press('Tab');
      expect(await unconfined.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
      expect(await unconfined.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
      expect(await unconfined.evaluate((el) => getComputedStyle(el).outlineOffset)).toBe('2px');
      const hint = await unconfined.getAttribute('aria-describedby');
      expect(await edit.locator(`[id="${hint}"]`).innerText()).toBe(
        'Agent runs use this server outside the sandbox: it can write anywhere you can and reach the network.',
      );
      await page.keyboard.press('Space');
      expect(await unconfined.isChecked()).toBe(true);
      await edit.locator('label', { hasText: 'Run unconfined (trusted)' }).screenshot({
        path: join(shotsDir, 'mcp-unconfined-focus.png'),
      });
      await edit.screenshot({ path: join(shotsDir, 'mcp-unconfined-form.png') });
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => row.innerText()).toContain('Unconfined');
      await expect.poll(() => row.getByTestId('mcp-status').innerText(), { timeout: 20_000 }).toBe('ready');
      await section.screenshot({ path: 'test-results/mcp-unconfined.png' });
      // What is shown is what was stored: reloading the page and editing again finds it ticked.
      await page.reload();
      await page.locator('[data-path="README.md"]').waitFor();
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('configure mcp servers');
      await page.keyboard.press('Enter');
      const again = page
        .getByRole('region', { name: 'MCP Servers' })
        .getByRole('listitem', { name: 'reference', exact: true });
      await expect.poll(() => again.innerText()).toContain('Unconfined');
      await again.getByRole('button', { name: 'Edit' }).click();
      expect(
        await again
          .getByRole('form', { name: 'Edit reference' })
          .getByRole('checkbox', { name: 'Run unconfined (trusted)' })
          .isChecked(),
      ).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
