import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();
const question = 'Do you trust the authors of the files in this folder?';

const dialog = (page: Page) => page.getByRole('dialog', { name: question });
const restrictedItem = (page: Page) => page.getByRole('button', { name: /^Restricted mode/ });
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

async function openFolder(page: Page, path: string): Promise<void> {
  await page.getByLabel('Folder path').fill(path);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
}

async function runCommand(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.getByPlaceholder('Type a command').fill(text);
  await page.keyboard.press('Enter');
}

describe('workspace trust in browser mode', () => {
  it('asks about a new folder, keeps restricted mode until trusted from the palette, and remembers it', async () => {
    const running = await startServer({ staticDir: rendererDir, trustFolders: false });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken);
    try {
      const repo = makeRepo('strangers-repo');
      await openFolder(page, repo);
      await dialog(page).waitFor();
      // The safe answer has focus, and Tab stays inside the dialog.
      expect(await focusedText(page)).toBe('Stay in restricted mode');
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Trust folder');
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Stay in restricted mode');
      await page.screenshot({ path: join(shots, 'trust-dialog.png') });

      await dialog(page).getByRole('button', { name: 'Stay in restricted mode' }).click();
      await expect.poll(() => dialog(page).count()).toBe(0);
      await restrictedItem(page).waitFor();
      const [project] = await running.backend.projects.recent();
      expect(project).toMatchObject({ trust: 'restricted', trusted: false });
      expect(running.backend.isTrusted(project!.id)).toBe(false);
      await page.getByTestId('status-bar').screenshot({ path: join(shots, 'trust-status-restricted.png') });

      // The palette command asks again; trusting removes the status item.
      await runCommand(page, 'manage folder trust');
      await dialog(page).waitFor();
      expect(await dialog(page).innerText()).toContain('in restricted mode');
      await dialog(page).getByRole('button', { name: 'Trust folder' }).click();
      await expect.poll(() => restrictedItem(page).count()).toBe(0);
      expect(running.backend.isTrusted(project!.id)).toBe(true);

      // A reload reopens the folder with the choice it has: no question, no item.
      await page.reload();
      await expect.poll(() => page.getByTestId('status-bar').innerText()).toContain('strangers-repo');
      expect(await dialog(page).count()).toBe(0);
      expect(await restrictedItem(page).count()).toBe(0);

      // Asked again later, Escape keeps the current choice instead of restricting.
      await runCommand(page, 'manage folder trust');
      await dialog(page).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).count()).toBe(0);
      expect(running.backend.isTrusted(project!.id)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('records Escape on the first question as restricted mode, and returns focus', async () => {
    const running = await startServer({ staticDir: rendererDir, trustFolders: false });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { colorScheme: 'light' });
    try {
      await openFolder(page, makeRepo('escaped'));
      await dialog(page).waitFor();
      await page.screenshot({ path: join(shots, 'trust-dialog-light.png') });
      await page.keyboard.press('Escape');
      await restrictedItem(page).waitFor();
      const [project] = await running.backend.projects.recent();
      expect(project).toMatchObject({ trust: 'restricted' });
      await page.getByTestId('status-bar').screenshot({ path: join(shots, 'trust-status-restricted-light.png') });

      // Clicking the item asks again, and focus goes back to it afterwards.
      await restrictedItem(page).click();
      await dialog(page).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog(page).count()).toBe(0);
      // Focus goes back a moment after the dialog leaves the page, so wait for it.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('restricted-mode');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('edits the trust switch and the allowed hosts in Settings, and keeps them over a reload', async () => {
    const running = await startServer({ staticDir: rendererDir, trustFolders: false });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken);
    try {
      await openFolder(page, makeRepo('hosts-repo'));
      await dialog(page).getByRole('button', { name: 'Trust folder' }).click();
      const [project] = await running.backend.projects.recent();
      await expect.poll(() => running.backend.isTrusted(project!.id)).toBe(true);

      await page.keyboard.press('Control+,');
      const section = page.getByRole('region', { name: 'This folder' });
      await section.waitFor();
      const trustSwitch = section.getByRole('switch', { name: 'Trust the authors of this folder' });
      expect(await trustSwitch.isChecked()).toBe(true);
      // The switch follows the backend's answer, so it turns off once the request is done.
      await trustSwitch.click();
      await expect.poll(() => trustSwitch.isChecked()).toBe(false);
      await restrictedItem(page).waitFor();
      expect(running.backend.isTrusted(project!.id)).toBe(false);

      const host = section.getByLabel('Host to allow');
      const add = section.getByRole('button', { name: 'Add host' });
      await host.fill('https://registry.npmjs.org/');
      await add.click();
      await expect.poll(() => section.getByRole('alert').innerText()).toContain('Leave out the scheme');
      expect(await host.getAttribute('aria-invalid')).toBe('true');
      await host.fill('10.0.0.8');
      await add.click();
      await expect.poll(() => section.getByRole('alert').innerText()).toContain('private network');
      await page.screenshot({ path: join(shots, 'trust-settings-invalid-host.png') });

      const list = section.getByRole('list', { name: 'Allowed hosts' });
      await host.fill('Registry.npmjs.org');
      await add.click();
      await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
      await host.fill('*.github.com');
      await host.press('Enter');
      await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
      await host.fill('pypi.org');
      await add.click();
      await expect.poll(() => list.getByRole('listitem').count()).toBe(3);
      await expect.poll(() => host.inputValue()).toBe('');
      await section.getByRole('button', { name: 'Remove pypi.org' }).click();
      await expect
        .poll(() => running.backend.allowedHosts(project!.id))
        .toEqual(['registry.npmjs.org', '*.github.com']);
      expect(await section.getByRole('alert').count()).toBe(0);
      await section.screenshot({ path: join(shots, 'trust-settings.png') });

      await page.reload();
      await restrictedItem(page).waitFor();
      await page.keyboard.press('Control+,');
      await expect
        .poll(() => page.getByRole('list', { name: 'Allowed hosts' }).innerText())
        .toMatch(/registry\.npmjs\.org\s+\*\.github\.com/);
      expect(await page.getByRole('switch', { name: 'Trust the authors of this folder' }).isChecked()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
