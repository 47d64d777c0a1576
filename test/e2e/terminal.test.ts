import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, launchChromium } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer, type Running } from '../helpers/server';

const rendererDir = resolve('out/renderer');
const shots = resolve('test-results');

let browser: Browser;
/** Without WebGL xterm falls back to its DOM renderer, whose rows a test can read. */
let domBrowser: Browser;

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
  domBrowser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--disable-webgl'] });
});

afterAll(async () => {
  await browser?.close();
  await domBrowser?.close();
});

/** The text an xterm shows, row by row (DOM renderer). */
const screenText = (page: Page, nth = 0) =>
  page
    .getByTestId('terminal-view')
    .nth(nth)
    .locator('.xterm-rows')
    .innerText()
    .catch(() => '');

async function openRepo(running: Running, page: Page, name: string): Promise<string> {
  const repo = makeRepo(name);
  await page.goto(running.server.urlWithToken);
  await page.getByTestId('status-bar').waitFor();
  await page.getByLabel('Folder path').fill(repo);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('project-home').waitFor();
  return repo;
}

describe('terminal in browser mode', () => {
  it('runs echo and git status, survives a reload, and the shell still answers', async () => {
    const running = await startServer({ staticDir: rendererDir });
    const page = await domBrowser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      await openRepo(running, page, 'term-repo');
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      expect(await page.getByTestId('terminal-view').getAttribute('data-renderer')).toBe('dom');
      await expect.poll(() => screenText(page)).toContain('term-repo');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('echo hello-$((6*7))\n');
      await expect.poll(() => screenText(page)).toContain('hello-42');
      await page.keyboard.type('git status\n');
      await expect.poll(() => screenText(page)).toContain('On branch main');
      await page.screenshot({ path: join(shots, 'terminal-before-reload.png') });

      await page.reload();
      await page.getByTestId('terminal-view').waitFor();
      await expect.poll(() => screenText(page)).toContain('hello-42');
      expect(await screenText(page)).toContain('On branch main');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('echo after-$((1+1))\n');
      await expect.poll(() => screenText(page)).toContain('after-2');
      await page.screenshot({ path: join(shots, 'terminal-after-reload.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
