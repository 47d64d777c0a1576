import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, openRepo, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { useServer } from '../helpers/server';
import { writeWorkflow } from '../helpers/workflows';

const browser = useBrowser();
/** The server's data dir, which `weft run` shares in the test of runs from another process. */
let dataDir = '';

const server = useServer(() => {
  dataDir = tempDir('weft-data-');
  return { staticDir: rendererDir, dataDir, backend: { env: {} } };
});

async function command(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.getByPlaceholder('Type a command').fill(text);
  await page.keyboard.press('Enter');
}

describe('views stay current', () => {
  it('a diff tab follows staging and committing through the git panel', async () => {
    const repo = makeRepo('diff-repo');
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Weft E2E']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'e2e@weft.invalid']);
    writeFileSync(join(repo, 'README.md'), '# fixture\nadded_line\n');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1400, height: 900 });
    try {
      await openRepo(page, repo);
      await page.keyboard.press('Control+Shift+G');
      const git = page.getByTestId('git-view');
      const changes = git.getByRole('region', { name: 'Changes', exact: true });
      await expect.poll(() => changes.innerText()).toContain('README.md');

      // The unstaged diff (index ↔ working tree): the index does not have the line yet.
      await changes.getByRole('button', { name: /^README\.md/ }).click();
      const diff = page.getByTestId('diff-view');
      const original = diff.locator('.editor.original .view-lines');
      const modified = diff.locator('.editor.modified .view-lines');
      await expect.poll(() => modified.innerText()).toContain('added_line');
      expect(await original.innerText()).not.toContain('added_line');

      // Staged: the index now has it, and the open tab says so without being reopened.
      await git.getByRole('button', { name: 'Stage README.md' }).click();
      await expect.poll(() => original.innerText(), { timeout: 10_000 }).toContain('added_line');

      // The staged diff (HEAD ↔ index), then a commit: HEAD has it too.
      const staged = git.getByRole('region', { name: 'Staged Changes', exact: true });
      await staged.getByRole('button', { name: /^README\.md/ }).click();
      await expect.poll(() => diff.innerText()).toContain('HEAD ↔ staged');
      await expect.poll(() => modified.innerText()).toContain('added_line');
      expect(await original.innerText()).not.toContain('added_line');
      await git.getByLabel('Commit message').fill('Add a line');
      await git.getByRole('button', { name: 'Commit' }).click();
      await expect.poll(() => original.innerText(), { timeout: 10_000 }).toContain('added_line');
      await page.screenshot({ path: join(shots, 'live-diff-after-commit.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("an open terminal's background follows the theme", async () => {
    const repo = makeRepo('theme-repo');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1280, height: 800 });
    // xterm paints its background on the element it scrolls in (an inline style set from the theme).
    const background = () =>
      page.evaluate(() => {
        const xterm = document.querySelector('[data-testid="terminal-view"] .xterm');
        const painted = Array.from(xterm?.children ?? []).find((e) => (e as HTMLElement).style.backgroundColor);
        return painted ? getComputedStyle(painted).backgroundColor : null;
      });
    try {
      await openRepo(page, repo);
      await command(page, 'color theme: dark');
      await page.getByRole('tab', { name: 'Terminal' }).click();
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      await expect.poll(background).toBe('rgb(27, 27, 28)');

      await command(page, 'color theme: light');
      await expect.poll(background).toBe('rgb(248, 248, 248)');
      await page.screenshot({ path: join(shots, 'live-terminal-light.png') });
      await command(page, 'color theme: dark');
      await expect.poll(background).toBe('rgb(27, 27, 28)');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('workflow files written to disk appear in the list and in their open, unchanged canvas without a reload', async () => {
    const repo = makeRepo('wf-files-repo');
    const step = (id: string, x: number) => ({ id, kind: 'shell', command: `echo ${id}`, position: { x, y: 0 } });
    const write = (name: string, nodes: unknown[]) => writeWorkflow(repo, name, { nodes });
    write('first', [step('one', 0)]);
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openRepo(page, repo);
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('listitem', { name: 'first' }).getByRole('button').first().click();
      await page.getByTestId('wf-node-one').waitFor();

      // A new file (another editor, a git pull): listed without a reload.
      write('second', [step('two', 0)]);
      await page.getByRole('listitem', { name: 'second' }).waitFor({ timeout: 10_000 });

      // The open workflow, unchanged in the builder, changes on disk: the canvas shows the new version.
      write('first', [step('one', 0), step('added', 300)]);
      await page.getByTestId('wf-node-added').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(shots, 'live-workflow-files.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a run started by `weft run` in a terminal appears live in the open Runs panel', async () => {
    const repo = makeRepo('cli-repo');
    writeWorkflow(repo, 'from-cli', {
      nodes: [{ id: 'hello', kind: 'shell', command: 'echo hello from the terminal' }],
    });
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openRepo(page, repo);
      await command(page, 'show workflow runs');
      await page.getByText('No workflow runs').waitFor();

      const cli = await promisify(execFile)(
        process.execPath,
        [resolve('bin/weft.js'), 'run', 'from-cli', '--repo', repo, '--data-dir', dataDir],
        { encoding: 'utf8' },
      );
      expect(cli.stderr).toContain('Completed from-cli');
      // The run changed nothing, so it kept no branch, and says so.
      expect(cli.stderr).toContain('It changed nothing, so no branch was kept.');
      expect(execFileSync('git', ['-C', repo, 'branch', '--list', 'weft/*'], { encoding: 'utf8' })).toBe('');
      const runs = page.getByRole('list', { name: 'Workflow runs' });
      await expect.poll(() => runs.innerText().catch(() => ''), { timeout: 10_000 }).toContain('from-cli');
      await page.getByRole('img', { name: /Timeline of 1 steps/ }).waitFor();
      await page.screenshot({ path: join(shots, 'live-cli-run.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
