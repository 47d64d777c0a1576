import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer, type Running } from '../helpers/server';

const browser = useBrowser();
let running: Running | undefined;

beforeEach(async () => {
  running = await startServer({ staticDir: rendererDir });
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function openFolder(page: Page, path: string): Promise<void> {
  await page.getByLabel('Folder path').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.locator('[data-path="notes.txt"]').waitFor();
}

/** The editor's text; Monaco renders spaces as non-breaking ones. */
const text = async (page: Page) =>
  (await page.locator('#editor').getByTestId('editor').locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');

/** Opens notes.txt and types at its end, leaving it unsaved. */
async function dirtyNotes(page: Page, typed: string): Promise<void> {
  await page.locator('[data-path="notes.txt"]').click();
  const editor = page.locator('#editor').getByTestId('editor');
  await expect.poll(() => text(page)).toContain('first line');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(typed);
  await page.getByTestId('dirty-marker').waitFor();
}

const prompt = (page: Page) => page.getByRole('dialog', { name: /save the changes/ });

describe('unsaved edits are never dropped without a question', () => {
  it('asks Save / Don’t Save / Cancel before Open Folder and Close Folder drop a dirty editor', async () => {
    const repo = makeRepo('unsaved-repo');
    writeFileSync(join(repo, 'notes.txt'), 'first line\n');
    const other = makeRepo('other-repo');
    writeFileSync(join(other, 'notes.txt'), 'the other folder\n');
    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1280, height: 800 });
    try {
      await openFolder(page, repo);
      await dirtyNotes(page, 'kept edit\n');

      // Ctrl+O asks first, with the three answers.
      await page.keyboard.press('Control+o');
      await prompt(page).waitFor();
      for (const name of ['Save', "Don't Save", 'Cancel']) {
        await prompt(page).getByRole('button', { name, exact: true }).waitFor();
      }
      await expect.poll(() => prompt(page).innerText()).toContain('notes.txt');
      await page.screenshot({ path: join(shots, 'unsaved-prompt.png') });

      // Cancel: the folder and the edit stay.
      await prompt(page).getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect.poll(() => prompt(page).count()).toBe(0);
      await page.getByTestId('dirty-marker').waitFor();
      expect(await page.getByLabel('Folder path').count()).toBe(0);
      await expect.poll(() => text(page)).toContain('kept edit');

      // Close Folder from the palette asks too; Save writes the file, then the folder closes.
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('close folder');
      await page.keyboard.press('Enter');
      await prompt(page).getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByLabel('Folder path').waitFor();
      expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('first line\nkept edit\n');

      // Don't Save: the edit is dropped and the other folder opens.
      await openFolder(page, repo);
      await dirtyNotes(page, 'dropped edit\n');
      await page.keyboard.press('Control+o');
      await prompt(page).getByRole('button', { name: "Don't Save", exact: true }).click();
      await openFolder(page, other);
      await page.locator('[data-path="notes.txt"]').click();
      await expect.poll(() => text(page)).toContain('the other folder');
      expect(readFileSync(join(repo, 'notes.txt'), 'utf8')).toBe('first line\nkept edit\n');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a reload with a dirty editor meets beforeunload, and dismissing it keeps the edit', async () => {
    const repo = makeRepo('unload-repo');
    writeFileSync(join(repo, 'notes.txt'), 'first line\n');
    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1280, height: 800 });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    try {
      await openFolder(page, repo);
      await dirtyNotes(page, 'typed before reload\n');
      void page.reload().catch(() => undefined);
      await expect.poll(() => dialogs).toEqual(['beforeunload']);
      // Dismissed: the page and the edit are still there.
      await page.getByTestId('dirty-marker').waitFor();
      await expect.poll(() => text(page)).toContain('typed before reload');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a dirty workflow counts: Close Folder asks, and a reload meets beforeunload', async () => {
    const repo = makeRepo('workflow-unsaved-repo');
    writeFileSync(join(repo, 'notes.txt'), 'first line\n');
    const { page, errors } = await openPage(browser(), running!.server.urlWithToken, { width: 1280, height: 800 });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    try {
      await openFolder(page, repo);
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const form = page.getByRole('form', { name: 'New workflow' });
      await form.getByLabel('Workflow name').fill('draft');
      await form.getByRole('button', { name: 'Create' }).click();
      const canvas = page.getByTestId('workflow-canvas');
      await canvas.waitFor();
      await page.getByRole('button', { name: 'Add Shell node' }).dragTo(canvas, { targetPosition: { x: 80, y: 100 } });
      await page.getByTestId('wf-node-shell').waitFor();
      await page.getByRole('tab', { name: /draft/ }).getByTestId('dirty-marker').waitFor();

      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('close folder');
      await page.keyboard.press('Enter');
      await expect.poll(() => prompt(page).innerText()).toContain('.weft/workflows/draft.json');
      await page.screenshot({ path: join(shots, 'unsaved-workflow-prompt.png') });
      await prompt(page).getByRole('button', { name: 'Cancel', exact: true }).click();

      void page.reload().catch(() => undefined);
      await expect.poll(() => dialogs).toEqual(['beforeunload']);
      await page.getByTestId('wf-node-shell').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
