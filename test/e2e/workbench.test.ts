import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, openRepo, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { startServer, type Running } from '../helpers/server';

const browser = useBrowser();
let running: Running;

async function openWorkbench(colorScheme: 'dark' | 'light' = 'dark'): Promise<{ page: Page; errors: string[] }> {
  running = await startServer({ staticDir: rendererDir });
  return openPage(browser(), running.server.urlWithToken, { colorScheme });
}

const statusBar = (page: Page) => page.getByTestId('status-bar');

describe('workbench in browser mode', () => {
  it('opens a repository, lists it in Recent, and shows the command palette', async () => {
    const { page, errors } = await openWorkbench('dark');
    try {
      // The token left the address bar for a cookie.
      expect(page.url()).not.toContain('token=');
      await expect.poll(() => page.getByRole('heading', { name: 'Start' }).isVisible()).toBe(true);

      const repo = makeRepo('fixture-repo');
      await openRepo(page, repo);
      await expect.poll(() => statusBar(page).innerText()).toContain('fixture-repo');
      expect(await statusBar(page).innerText()).toContain('main');

      // Reload: the backend reopens the last project; closing it shows Recent with our repo.
      await page.reload();
      await page.getByTestId('project-home').waitFor();
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('close folder');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('recent-projects').innerText()).toContain('fixture-repo');

      await page.keyboard.press('Control+Shift+P');
      const list = page.getByTestId('palette-list');
      await list.waitFor();
      const text = await list.innerText();
      for (const title of ['Show All Commands', 'Open Folder…', 'Toggle Side Bar', 'Toggle Panel', 'Open Settings']) {
        expect(text).toContain(title);
      }
      expect(text).toContain('Ctrl+Shift+P');
      await page.screenshot({ path: join(shots, 'workbench-command-palette.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => list.isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('explains a bad path and keeps what the user typed', async () => {
    const { page, errors } = await openWorkbench('light');
    try {
      const file = join(tempDir(), 'notes.txt');
      writeFileSync(file, 'x');
      for (const [path, title] of [
        ['/definitely/not/here', 'Folder not found'],
        [file, 'That is a file, not a folder'],
      ] as const) {
        await page.getByLabel('Folder path').fill(path);
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(title);
        expect(await page.getByLabel('Folder path').inputValue()).toBe(path);
      }
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false);
      await page.screenshot({ path: join(shots, 'workbench-bad-path-light.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('offers git init for a plain folder, and persists pane visibility and sizes across reloads', async () => {
    const { page, errors } = await openWorkbench('dark');
    try {
      const dir = join(tempDir(), 'plain-folder');
      mkdirSync(dir);
      await page.getByLabel('Folder path').fill(dir);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(() => statusBar(page).innerText()).toContain('not a git repository');
      await page.getByRole('button', { name: 'Initialize Repository' }).click();
      // The branch name follows the user's init.defaultBranch, so only its presence is checked.
      await expect.poll(() => statusBar(page).innerText()).not.toContain('not a git repository');
      await page.getByTitle('Current branch').waitFor();

      await page.keyboard.press('Control+j');
      await expect.poll(() => page.getByRole('region', { name: 'Panel' }).count()).toBe(0);
      await page.reload();
      await page.getByTestId('project-home').waitFor();
      expect(await page.getByRole('region', { name: 'Panel' }).count()).toBe(0);
      await page.keyboard.press('Control+j');
      await expect.poll(() => page.getByRole('region', { name: 'Panel' }).count()).toBe(1);

      // Drag the side bar wider; the size survives a reload.
      const sideWidth = async () => (await page.locator('aside').boundingBox())!.width;
      const before = await sideWidth();
      const handle = (await page.locator('[data-separator]').first().boundingBox())!;
      await page.mouse.move(handle.x, handle.y + 200);
      await page.mouse.down();
      await page.mouse.move(handle.x + 150, handle.y + 200, { steps: 8 });
      await page.mouse.up();
      await expect.poll(sideWidth).toBeGreaterThan(before + 100);
      const dragged = await sideWidth();
      await page.reload();
      await page.getByTestId('project-home').waitFor();
      expect(Math.abs((await sideWidth()) - dragged)).toBeLessThan(5);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
