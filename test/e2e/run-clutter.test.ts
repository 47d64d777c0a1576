import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { useServer } from '../helpers/server';

const browser = useBrowser();
const server = useServer(() => ({ staticDir: rendererDir, backend: { env: {} } }));

const gitLines = (repo: string, args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
// `git branch` marks a branch checked out in another worktree with '+'.
const runBranches = (repo: string) =>
  gitLines(repo, ['branch', '--list', 'weft/*']).map((l) => l.replace(/^[*+ ]+/, ''));
const worktrees = (repo: string) =>
  gitLines(repo, ['worktree', 'list', '--porcelain']).filter((l) => l.startsWith('worktree '));

function writeWorkflow(repo: string, name: string, command: string): void {
  mkdirSync(join(repo, '.weft/workflows'), { recursive: true });
  writeFileSync(
    join(repo, `.weft/workflows/${name}.json`),
    JSON.stringify({ version: 1, nodes: [{ id: 'step', kind: 'shell', command, position: { x: 0, y: 0 } }] }),
  );
  execFileSync('git', ['add', '.weft'], { cwd: repo });
  execFileSync('git', ['-c', 'user.name=Weft Test', '-c', 'user.email=test@weft.invalid', 'commit', '-qm', name], {
    cwd: repo,
  });
}

async function openWorkflow(page: Page, repo: string, name: string): Promise<void> {
  await page.getByLabel('Folder path').fill(repo);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Workflows' }).click();
  await page.getByRole('listitem', { name }).getByRole('button').first().click();
}

async function runToEnd(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 20_000 }).toContain('Completed');
}

describe('workflow runs leave no clutter', () => {
  it('six runs that change nothing leave no weft/* branch and no worktree', async () => {
    const repo = makeRepo('quiet-repo');
    writeWorkflow(repo, 'quiet', 'echo nothing to change');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openWorkflow(page, repo, 'quiet');
      for (let i = 0; i < 6; i++) {
        await runToEnd(page);
        // The next run starts only once this one has cleaned up after itself.
        await expect.poll(() => runBranches(repo), { timeout: 10_000 }).toEqual([]);
      }
      expect(worktrees(repo)).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a run that changes a file keeps its worktree and branch; the Runs view cleans them up after confirming, archiving the work', async () => {
    const repo = makeRepo('busy-repo');
    writeWorkflow(repo, 'busy', 'echo made by the run > out.txt');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openWorkflow(page, repo, 'busy');
      await runToEnd(page);
      // Kept for review: the run's file exists only in its worktree.
      const [branch] = runBranches(repo);
      expect(branch).toMatch(/^weft\/[a-z0-9]+$/);
      const runId = branch!.slice('weft/'.length);
      expect(worktrees(repo)).toHaveLength(2);

      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('show workflow runs');
      await page.keyboard.press('Enter');
      const kept = page.getByRole('region', { name: 'Kept worktrees' });
      await expect.poll(() => kept.innerText().catch(() => '')).toContain('1 kept run worktree');
      await kept.getByRole('button', { name: 'Clean up…' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Clean up run worktrees' });
      // The dialog names what would be lost and where it goes instead.
      await expect
        .poll(() => dialog.innerText())
        .toContain(`busy (weft/${runId}): 1 uncommitted file. This work exists nowhere else`);
      expect(await dialog.innerText()).toContain('archived under refs/weft/archive/');
      await page.screenshot({ path: join(shots, 'runs-cleanup-confirm.png') });

      // Cancelling removes nothing.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(runBranches(repo)).toHaveLength(1);

      await kept.getByRole('button', { name: 'Clean up…' }).click();
      await dialog.getByRole('button', { name: 'Remove 1 run' }).click();
      await expect.poll(() => runBranches(repo), { timeout: 10_000 }).toEqual([]);
      expect(worktrees(repo)).toHaveLength(1);
      await expect.poll(() => kept.count()).toBe(0);
      // The work was archived, not thrown away.
      expect(execFileSync('git', ['show', `refs/weft/archive/${runId}:out.txt`], { cwd: repo, encoding: 'utf8' })).toBe(
        'made by the run\n',
      );
      await page.screenshot({ path: join(shots, 'runs-cleaned-up.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
