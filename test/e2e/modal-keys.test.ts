import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir, useBrowser } from '../helpers/browser';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();
const shots = process.env.WEFT_SHOTS_DIR ?? shotsDir;
mkdirSync(shots, { recursive: true });

const trustQuestion = (page: Page) =>
  page.getByRole('dialog', { name: 'Do you trust the authors of the files in this folder?' });
const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
// By CSS: while a modal is open, the page behind is hidden from the accessibility tree, so from getByRole too.
const sideBar = (page: Page) => page.locator('aside[aria-label="Explorer"]');
/** What has focus, named as a person would name it. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null;
  });

describe('modal dialogs, menus and tooltips own the keyboard', () => {
  it('keeps workbench keys from acting behind a dialog or the palette, which closes on Escape and returns focus', async () => {
    const repo = makeRepo('modal-keys-repo');
    const running = await startServer({ staticDir: rendererDir, trustFolders: false });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken);
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await trustQuestion(page).waitFor();
      await sideBar(page).waitFor();

      // Behind the trust question, the palette does not open, the side bar stays and Search
      // does not show. Checked after answering, which takes a round trip to the backend, so a
      // key that had acted would have shown by then.
      await page.keyboard.press('Control+Shift+P');
      await page.keyboard.press('Control+b');
      await page.keyboard.press('Control+Shift+F');
      await trustQuestion(page).getByRole('button', { name: 'Trust folder' }).click();
      await expect.poll(() => trustQuestion(page).count()).toBe(0);
      expect(await palette(page).count()).toBe(0);
      expect(await sideBar(page).isVisible()).toBe(true);
      expect(await page.getByTestId('search-view').count()).toBe(0);

      // The palette is a modal dialog: it has the caret, Tab stays inside, other keys do nothing.
      const files = page.getByRole('tree', { name: 'Files' });
      await files.focus();
      await page.keyboard.press('Control+Shift+P');
      await palette(page).waitFor();
      const input = page.getByPlaceholder('Type a command');
      await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Tab');
      expect(await palette(page).evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Control+b');
      await page.keyboard.press('Control+Shift+F');
      await page.keyboard.insertText('toggle side');
      await page.getByTestId('palette-list').getByText('Toggle Side Bar').waitFor();
      expect(await sideBar(page).isVisible()).toBe(true);
      expect(await page.getByTestId('search-view').count()).toBe(0);
      await page.screenshot({ path: join(shots, 'modal-keys-palette.png') });

      // Escape closes it and focus is back on the tree.
      await page.keyboard.press('Escape');
      await expect.poll(() => palette(page).count()).toBe(0);
      await expect.poll(() => focusedName(page)).toBe('Files');

      // With nothing modal open, the same keys act again.
      await page.keyboard.press('Control+b');
      await expect.poll(() => sideBar(page).count()).toBe(0);
      await page.keyboard.press('Control+b');
      await sideBar(page).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);

  it('opens the explorer menu at the pointer, walks it with arrows, runs an item with Enter and gives focus back', async () => {
    const repo = makeRepo('menu-repo');
    const running = await startServer({ staticDir: rendererDir });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken);
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByTestId('project-home').waitFor();

      // An activity-bar icon names itself in a tooltip on keyboard focus too, not only on hover.
      await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Search' }).focus();
      await page.getByRole('tooltip', { name: 'Search' }).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);

      const row = page.locator('[data-path="README.md"]');
      await row.click({ button: 'right' });
      const menu = page.getByRole('menu');
      await menu.waitFor();
      expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(
        expect.arrayContaining(['Open', 'Rename…', 'Copy Relative Path', 'Delete']),
      );
      // While it is open, workbench keys do not act behind it.
      await page.keyboard.press('Control+b');
      expect(await sideBar(page).isVisible()).toBe(true);
      await page.keyboard.press('ArrowDown');
      await expect
        .poll(() => menu.getByRole('menuitem', { name: 'Open', exact: true }).getAttribute('data-highlighted'))
        .toBe('');
      await page.screenshot({ path: join(shots, 'modal-keys-context-menu.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.count()).toBe(0);
      await expect.poll(() => focusedName(page)).toBe('Files');

      // Enter on "Open" opens the file in the editor.
      await row.click({ button: 'right' });
      await menu.waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(() => menu.count()).toBe(0);
      await page.getByRole('tab', { name: /README\.md/ }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);

  it('shows the folder browser as a modal dialog that Escape closes, giving focus back to its button', async () => {
    const home = tempDir('weft-home-');
    mkdirSync(join(home, 'projects'));
    mkdirSync(join(home, 'notes'));
    const own = await startServer({ staticDir: rendererDir, backend: { env: {}, home } });
    const { page, errors } = await openPage(browser(), own.server.urlWithToken);
    try {
      const browse = page.getByRole('button', { name: 'Browse Folders…' });
      await browse.click();
      const dialog = page.getByRole('dialog', { name: 'Open a folder' });
      const folders = dialog.getByRole('list', { name: 'Folders' });
      await expect.poll(() => folders.getByRole('button').allInnerTexts()).toEqual(['notes', 'projects']);
      // Behind it, the palette does not open.
      await page.keyboard.press('Control+Shift+P');
      expect(await palette(page).count()).toBe(0);
      await page.screenshot({ path: join(shots, 'modal-keys-folder-browser.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      await expect.poll(() => browse.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await own.stop();
    }
  }, 60_000);
});
