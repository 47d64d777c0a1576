import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();

describe('repository workspace in browser mode', () => {
  it('edits and saves a file, stages and commits it, and finds new text with search', async () => {
    const repo = makeRepo('workspace-repo');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'greet.ts'), 'export const greeting = "hello";\n');
    execFileSync('git', ['-C', repo, 'add', '.']);
    execFileSync('git', [
      '-C',
      repo,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@weft.invalid',
      'commit',
      '-qm',
      'add greet',
    ]);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Weft E2E']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'e2e@weft.invalid']);

    const running = await startServer({ staticDir: rendererDir });
    const page = await browser().newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(running.server.urlWithToken);
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();

      // Explorer: expand src, open the file.
      await page.locator('[data-path="src"]').click();
      await page.locator('[data-path="src/greet.ts"]').click();
      const editor = page.getByTestId('editor');
      await editor.locator('.view-lines').waitFor();
      await expect.poll(() => editor.locator('.view-lines').innerText()).toContain('greeting');

      // Edit at the end of the file and save with Ctrl+S.
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText('export const farewell = "bye";\n');
      await page.getByTestId('dirty-marker').waitFor();
      await page.keyboard.press('Control+s');
      await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
      expect(readFileSync(join(repo, 'src', 'greet.ts'), 'utf8')).toContain('export const farewell = "bye";');

      // Git panel: the change shows up; stage it, commit it, see it in the log.
      await page.keyboard.press('Control+Shift+G');
      const git = page.getByTestId('git-view');
      await expect
        .poll(() => git.getByRole('region', { name: 'Changes', exact: true }).innerText())
        .toContain('greet.ts');
      await git.getByRole('button', { name: 'Stage src/greet.ts' }).click();
      await expect
        .poll(() => git.getByRole('region', { name: 'Staged Changes', exact: true }).innerText())
        .toContain('greet.ts');
      await git.getByLabel('Commit message').fill('Say goodbye');
      await git.getByRole('button', { name: 'Commit' }).click();
      await expect.poll(() => git.getByTestId('git-log').innerText()).toContain('Say goodbye');
      expect(execFileSync('git', ['-C', repo, 'log', '-1', '--format=%s']).toString().trim()).toBe('Say goodbye');
      await page.screenshot({ path: join(shots, 'workspace-git.png') });

      // Search: wait for the index, create a file outside Weft, find its text.
      await expect.poll(() => page.getByTestId('index-progress').count(), { timeout: 20_000 }).toBe(0);
      writeFileSync(join(repo, 'src', 'late.ts'), 'export const lateArrival = 42;\n');
      await page.keyboard.press('Control+Shift+F');
      await page.getByRole('textbox', { name: 'Search' }).fill('lateArrival');
      await expect
        .poll(() => page.getByTestId('search-results').innerText(), { timeout: 10_000 })
        .toContain('src/late.ts');
      await page.getByTestId('search-results').getByRole('button').first().click();
      await expect.poll(() => page.getByRole('tab', { name: /late\.ts/ }).count()).toBe(1);
      await page.screenshot({ path: join(shots, 'workspace-search.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
