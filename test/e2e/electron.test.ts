import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/lib/electron.mjs';
import { makeRepo, tempDir } from '../helpers/fixtures';

const root = resolve('.');
const binary = electronBinary(root);
const sqliteForElectron = existsSync(resolve('node_modules/.weft-native'));
const skipReason =
  'reason' in binary
    ? `${binary.reason}; run node node_modules/electron/install.js where the download is allowed`
    : process.platform === 'linux' && !process.env.DISPLAY
      ? 'no display (run under xvfb-run)'
      : !sqliteForElectron
        ? 'native modules not built for Electron (run npm run native:electron)'
        : null;

if (skipReason) console.warn(`desktop app end-to-end test skipped: ${skipReason}`);

// Runs where the Electron runtime exists; elsewhere vitest lists it as skipped, with the reason in its name.
describe.skipIf(skipReason !== null)(`desktop app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('starts sandboxed, opens a repository and shows the command palette', async () => {
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [root, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, WEFT_USER_DATA_DIR: tempDir('weft-electron-') },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('status-bar').waitFor();
      expect(await page.title()).toBe('Weft');
      // Served by the app:// handler, not file://, and that handler keeps to the renderer folder.
      expect(page.url()).toBe('app://weft/index.html');
      const escape = await page.evaluate(async () => (await fetch('/..%2f..%2fpackage.json')).status);
      expect(escape).toBe(403);
      // The page has the contract bridge and nothing of Node.
      expect(await page.evaluate(() => typeof (window as unknown as { weft?: unknown }).weft)).toBe('object');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');

      const repo = makeRepo('desktop-repo');
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(() => page.getByTestId('status-bar').innerText()).toContain('desktop-repo');
      // A new folder asks about its authors first (the desktop app has no test helper answering).
      await page.getByRole('button', { name: 'Trust folder' }).click();
      await page.keyboard.press('Control+Shift+P');
      await page.getByTestId('palette-list').waitFor();
      await page.screenshot({ path: resolve('test-results/electron-command-palette.png') });
    } finally {
      await app.close();
    }
  });
});
