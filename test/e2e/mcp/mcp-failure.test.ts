import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir, useBrowser } from '../../helpers/browser';
import { makeRepo } from '../../helpers/fixtures';
import { call } from '../../helpers/models';
import { startServer } from '../../helpers/server';

// Issue #13, item 9e: a failing MCP server is said where the user is, by name, with the way to fix it.
const browser = useBrowser();

describe('a failing MCP server (browser mode)', () => {
  it('shows a notice naming the server, whose link opens its settings', async () => {
    const running = await startServer({
      staticDir: rendererDir,
      backend: { mcpTiming: { restart: { baseMs: 100, maxMs: 200, maxFailures: 2, stableMs: 60_000 } } },
    });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 1200 });
    try {
      await page.getByLabel('Folder path').waitFor();
      const saved = await call(running.backend, 'mcp.save', {
        name: 'license-check',
        projectId: null,
        transport: { type: 'stdio', command: join(makeRepo(), 'no-such-program') },
      });
      if (!saved.ok) throw new Error(saved.error.message);
      const notice = page.getByRole('alert').filter({ hasText: 'MCP server "license-check" failed' });
      await notice.waitFor();
      await page.screenshot({ path: join(shotsDir, 'mcp-failure-notice.png') });
      await notice.getByRole('button', { name: 'Open MCP settings' }).click();
      const section = page.getByRole('region', { name: 'MCP Servers' });
      await section.waitFor();
      await expect.poll(() => section.getByRole('listitem', { name: 'license-check' }).innerText()).toContain('failed');
      await expect.poll(() => notice.count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
