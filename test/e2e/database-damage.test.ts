import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir, useBrowser } from '../helpers/browser';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();

describe('a database damaged while Weft runs', () => {
  it('shows a notice that stays, not a stack trace, and the next request gets the same answer', async () => {
    const dataDir = tempDir('weft-e2e-damage-');
    const running = await startServer({ staticDir: rendererDir, dataDir });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken);
    try {
      await expect.poll(() => page.getByRole('heading', { name: 'Start' }).isVisible()).toBe(true);
      const sqlite = running.backend.store.sqlite;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
      const root = (
        sqlite.prepare("select rootpage from sqlite_master where name = 'projects'").get() as { rootpage: number }
      ).rootpage;
      const file = join(dataDir, 'weft.db');
      const bytes = readFileSync(file);
      bytes.fill(0xa5, (root - 1) * pageSize, root * pageSize);
      writeFileSync(file, bytes);
      // The page cache still has the good page; make the next read go to the file, as it would
      // once the page had been evicted.
      sqlite.pragma('shrink_memory');

      await page.getByLabel('Folder path').fill(makeRepo('damaged-db-repo'));
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      const notice = page.getByTestId('database-damaged');
      await notice.waitFor();
      const text = await notice.innerText();
      expect(text).toContain('Weft’s database is damaged');
      expect(text).toContain('Weft has stopped writing to it; your repositories are not affected');
      expect(text).not.toMatch(/\bat \S+:\d+:\d+/);
      await page.screenshot({ path: join(shotsDir, 'database-damaged.png') });

      // Dismissing toasts does not dismiss it: it is the state of the session, not one failure.
      for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      expect(await page.getByTestId('database-damaged').count()).toBe(1);
      expect(running.backend.store.failure?.code).toBe('db_corrupt');
      expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);

  it('shows the notice at once when a background write finds the damage (no request of the page failed)', async () => {
    const dataDir = tempDir('weft-e2e-damage-');
    const running = await startServer({ staticDir: rendererDir, dataDir });
    const { page } = await openPage(browser(), running.server.urlWithToken);
    try {
      await expect.poll(() => page.getByRole('heading', { name: 'Start' }).isVisible()).toBe(true);
      const sqlite = running.backend.store.sqlite;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
      const root = (
        sqlite.prepare("select rootpage from sqlite_master where name = 'agent_runs'").get() as { rootpage: number }
      ).rootpage;
      const file = join(dataDir, 'weft.db');
      const bytes = readFileSync(file);
      bytes.fill(0xa5, (root - 1) * pageSize, root * pageSize);
      writeFileSync(file, bytes);
      sqlite.pragma('shrink_memory');
      // What an agent run's journal does in main, with no request from the page behind it.
      expect(() => sqlite.prepare('select * from agent_runs').all()).toThrow(/damaged/);
      await page.getByTestId('database-damaged').waitFor();
      expect(await page.getByTestId('database-damaged').innerText()).toContain('Weft has stopped writing to it');
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);
});
