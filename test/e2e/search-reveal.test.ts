import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();

/** Monaco renders spaces as non-breaking ones. */
const text = async (editor: Locator) => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');

const tablist = (page: Page) => page.getByRole('tablist', { name: 'Open editors' });
const editorTabs = (page: Page) => tablist(page).getByRole('tab');
const fileTabs = (page: Page, name: string) => tablist(page).getByRole('tab', { name: new RegExp(`^${name}`) });

describe('search results go to their line', () => {
  it('previews a match in one italic tab, reveals and selects it, and keeps the tab on a double click', async () => {
    const repo = makeRepo('search-reveal-repo');
    mkdirSync(join(repo, 'src'));
    const lines = Array.from({ length: 300 }, (_, i) => `export const filler${i + 1} = ${i + 1};`);
    lines[239] = 'export const before = 1; export const needleDeep = 240;';
    writeFileSync(join(repo, 'src', 'deep.ts'), lines.join('\n') + '\n');
    writeFileSync(join(repo, 'src', 'other.ts'), 'export const needleOther = 2;\n');

    const running = await startServer({ staticDir: rendererDir });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1280, height: 800 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.locator('[data-path="src"]').waitFor();
      await expect.poll(() => page.getByTestId('index-progress').count(), { timeout: 20_000 }).toBe(0);
      await page.keyboard.press('Control+Shift+F');
      await page.getByRole('textbox', { name: 'Search' }).fill('needle');
      const results = page.getByTestId('search-results');
      const deep = results.getByRole('button', { name: /240/ });
      const other = results.getByRole('button', { name: /needleOther/ });
      await deep.waitFor();
      await other.waitFor();

      // One click: a preview tab, with line 240 in the middle of the editor.
      await deep.click();
      await expect.poll(() => fileTabs(page, 'deep.ts').count()).toBe(1);
      const editor = page.locator('#editor').getByTestId('editor');
      const target = editor.locator('.view-line', { hasText: 'needleDeep = 240' });
      await target.waitFor();
      // The editor may still be settling its size as the tab opens: the line ends up in the middle.
      const offCentre = async () => {
        const box = (await editor.boundingBox())!;
        const lineBox = (await target.boundingBox())!;
        return Math.abs(lineBox.y - (box.y + box.height / 2)) / box.height;
      };
      await expect.poll(offCentre).toBeLessThan(0.25);
      await expect.poll(() => editor.locator('.selected-text').count()).toBeGreaterThan(0);
      expect(await fileTabs(page, 'deep.ts').getAttribute('data-preview')).toBe('true');
      expect(await fileTabs(page, 'deep.ts').locator('span.italic').count()).toBe(1);
      await page.screenshot({ path: join(shots, 'search-reveal.png') });

      // Another single click replaces the preview: still one tab.
      await other.click();
      await expect.poll(() => fileTabs(page, 'other.ts').count()).toBe(1);
      await expect.poll(() => fileTabs(page, 'deep.ts').count()).toBe(0);
      expect(await editorTabs(page).count()).toBe(1);

      // Back to the deep match, scrolled away, then the same result again: it goes back.
      await deep.click();
      await target.waitFor();
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await expect.poll(() => target.count()).toBe(0);
      await deep.click();
      await target.waitFor();

      // A double click keeps the tab (no longer italic), and never opens the file twice.
      await deep.dblclick();
      await expect.poll(() => fileTabs(page, 'deep.ts').getAttribute('data-preview')).toBeNull();
      expect(await fileTabs(page, 'deep.ts').count()).toBe(1);
      expect(await fileTabs(page, 'deep.ts').locator('span.italic').count()).toBe(0);
      await other.click();
      await expect.poll(() => editorTabs(page).count()).toBe(2);

      // Monaco's selection is exactly the match: typing replaces "needle" and nothing else.
      await deep.click();
      await target.waitFor();
      await page.keyboard.insertText('pin');
      await expect.poll(() => text(editor)).toContain('export const before = 1; export const pinDeep = 240;');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);
});
