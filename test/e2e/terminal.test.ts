import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, launchChromium } from '../helpers/browser';
import { terminalFlow } from '../../src/shared/terminal/flow';
import { makeRepo } from '../helpers/fixtures';
import { startServer, type Running } from '../helpers/server';

const rendererDir = resolve('out/renderer');
const shots = resolve('test-results');

/** The machine may be busy; a shell's prompt can take a few seconds. */
const slow = { timeout: 15_000 };

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
      await page.getByRole('tab', { name: 'Terminal' }).click();
      await page.getByRole('button', { name: 'New Terminal' }).waitFor();
      await page.screenshot({ path: join(shots, 'terminal-empty.png') });
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      expect(await page.getByTestId('terminal-view').getAttribute('data-renderer')).toBe('dom');
      await expect.poll(() => screenText(page), slow).toContain('term-repo');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('echo hello-$((6*7))\n');
      await expect.poll(() => screenText(page), slow).toContain('hello-42');
      await page.keyboard.type('git status\n');
      await expect.poll(() => screenText(page), slow).toContain('On branch main');
      await page.screenshot({ path: join(shots, 'terminal-before-reload.png') });

      await page.reload();
      await page.getByTestId('terminal-view').waitFor();
      await expect.poll(() => screenText(page), slow).toContain('hello-42');
      expect(await screenText(page)).toContain('On branch main');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('echo after-$((1+1))\n');
      await expect.poll(() => screenText(page), slow).toContain('after-2');
      await page.screenshot({ path: join(shots, 'terminal-after-reload.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('shows an agent run read-only, explains a killed shell, restarts it, splits, renames, and asks before a link', async () => {
    const running = await startServer({ staticDir: rendererDir });
    const page = await domBrowser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openRepo(running, page, 'runs-repo');
      const [project] = await running.backend.projects.recent();
      // What an agent or workflow step does: a command-runner run, shown as a read-only tab.
      const run = await running.backend.terminals.run({
        projectId: project!.id,
        title: 'Step: list files',
        command: { argv: ['sh', '-c', 'ls; echo see https://example.com/docs; exit 3'] },
      });
      await page.keyboard.press('Control+j');
      await page.keyboard.press('Control+j');
      await page.getByRole('tab', { name: 'Terminal' }).click();
      const tab = page.getByTestId('terminal-tab').filter({ hasText: 'Step: list files' });
      await tab.waitFor();
      expect((await tab.innerText()).toLowerCase()).toContain('read-only');
      expect((await run.result).exitCode).toBe(3);
      await expect.poll(() => screenText(page), slow).toContain('README.md');
      expect(await screenText(page)).toContain("$ sh -c 'ls; echo see https://example.com/docs; exit 3'");
      await expect.poll(() => page.getByTestId('terminal-status').innerText(), slow).toContain('exited with code 3');

      // A link in the output opens only after the user confirms.
      const link = page.locator('.xterm-rows span', { hasText: 'https://example.com/docs' }).first();
      const box = (await page.getByTestId('terminal-view').locator('.xterm-rows > div').nth(2).boundingBox())!;
      await page.mouse.move(box.x + 60, box.y + box.height / 2);
      await page.mouse.click(box.x + 60, box.y + box.height / 2);
      await page.getByRole('dialog', { name: 'Open this link' }).waitFor();
      expect(await page.getByRole('dialog', { name: 'Open this link' }).innerText()).toContain(
        'https://example.com/docs',
      );
      await page.screenshot({ path: join(shots, 'terminal-run-tab-link.png') });
      await page.getByRole('button', { name: 'Cancel' }).click();
      expect(await link.count()).toBeGreaterThanOrEqual(0);

      // A shell, killed: the tab says so and restarts.
      await page.getByRole('button', { name: 'New Terminal' }).click();
      await expect.poll(() => page.getByTestId('terminal-tab').count()).toBe(2);
      await expect.poll(() => screenText(page), slow).toContain('runs-repo');
      await page.getByRole('button', { name: 'Kill Terminal' }).click();
      await expect.poll(() => page.getByTestId('terminal-status').innerText(), slow).toContain('SIGHUP');
      await expect.poll(() => screenText(page), slow).toContain('Terminal killed');
      await page.getByRole('button', { name: 'Restart' }).click();
      await expect.poll(() => page.getByTestId('terminal-status').count()).toBe(0);
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('echo restarted-$((2*3))\n');
      await expect.poll(() => screenText(page), slow).toContain('restarted-6');

      // Split: a second shell beside the first; rename it by double-clicking its tab.
      await page.getByRole('button', { name: 'Split Terminal' }).click();
      await expect.poll(() => page.getByTestId('terminal-view').count()).toBe(2);
      const third = page.getByTestId('terminal-tab').nth(2);
      await third.dblclick();
      await page.getByLabel('Terminal name').fill('server');
      await page.keyboard.press('Enter');
      await expect.poll(() => third.innerText()).toContain('server');
      await expect.poll(() => screenText(page, 1), slow).toContain('restarted-6');
      await expect.poll(() => screenText(page, 0), slow).toContain('runs-repo');
      await page.screenshot({ path: join(shots, 'terminal-split-dark.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });

  it('stays responsive while `yes` floods a terminal, and Ctrl+C gets the shell back', async () => {
    const running = await startServer({ staticDir: rendererDir });
    const page = await domBrowser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openRepo(running, page, 'flood-repo');
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      await expect.poll(() => screenText(page), slow).toContain('flood-repo');
      // xterm's scrollbar follows output once per frame, not once per line (a freeze while the
      // scrollback fills); this fails if an xterm upgrade moved the internals it relies on.
      expect(await page.getByTestId('terminal-view').getAttribute('data-viewport-sync')).toBe('frame');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('seq 1 8000\n');
      await expect.poll(() => screenText(page), slow).toMatch(/^8000$/m);
      // The scrollbar came along: a short slider (5000 lines of scrollback) at the bottom.
      const view = page.getByTestId('terminal-view');
      await expect
        .poll(async () => {
          const [slider, track] = await Promise.all([
            view.locator('.xterm-scrollable-element .slider').first().boundingBox(),
            view.locator('.xterm-scrollable-element').first().boundingBox(),
          ]);
          if (!slider || !track) return 'no scrollbar';
          const gap = Math.round(track.y + track.height - (slider.y + slider.height));
          return slider.height < track.height / 4 && gap <= 1 ? 'at the bottom' : { gap, slider, track };
        }, slow)
        .toBe('at the bottom');
      const [session] = running.backend.terminals.list();
      await page.keyboard.type('yes weft-flood\n');
      await expect.poll(() => running.backend.terminals.stats(session!.id).emitted, slow).toBeGreaterThan(5_000_000);
      const stats = () => running.backend.terminals.stats(session!.id);
      for (let i = 0; i < 5; i++) {
        // Output waiting for the window stays bounded by the high watermark (plus a frame or two).
        const { emitted, acked } = stats();
        expect(emitted - acked).toBeLessThan(terminalFlow.high + 1_000_000);
        // Look again once another million characters went out, so the looks span the flood.
        await expect.poll(() => stats().emitted, slow).toBeGreaterThan(emitted + 1_000_000);
      }
      // The page still answers: the palette opens and closes while the flood runs.
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').waitFor();
      await page.keyboard.press('Escape');
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.press('Control+c');
      await page.keyboard.type('echo done-$((5*5))\n');
      await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('done-25');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 60_000);
});
