import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPage, rendererDir, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer, type Running } from '../helpers/server';

const browser = useBrowser();
let running: Running | undefined;

beforeEach(async () => {
  running = await startServer({ staticDir: rendererDir, backend: { env: {} } });
});

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function server(): Running {
  if (!running) throw new Error('no server');
  return running;
}

const gitLines = (repo: string, args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
const runBranches = (repo: string) => gitLines(repo, ['branch', '--list', 'weft/*']);
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
});
