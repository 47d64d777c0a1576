import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, openRepo, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { startServer, useServer } from '../helpers/server';
import { writeWorkflow } from '../helpers/workflows';

// Issue #13, "What a new user trips over": messages that say what is wrong, and small frictions.

const browser = useBrowser();
const server = useServer(() => ({ staticDir: rendererDir, backend: { env: {} } }));

function weft(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [resolve('bin/weft.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('messages that say what is wrong', () => {
  it('names the step, the field and the rule of a schema problem, and flags an edge to no step on the canvas', async () => {
    const repo = makeRepo('messages-repo');
    writeWorkflow(repo, 'broken', {
      nodes: [{ id: 'a', kind: 'shell', position: { x: 0, y: 0 } }],
    });
    writeWorkflow(repo, 'dangling', {
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo a', position: { x: 0, y: 0 } },
        { id: 'b', kind: 'shell', command: 'echo b', position: { x: 320, y: 0 } },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'ghost' },
      ],
    });
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openRepo(page, repo);
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('listitem', { name: 'broken' }).getByRole('button').first().click();
      const problems = page.getByRole('region', { name: 'Problems' });
      await expect.poll(() => problems.innerText()).toContain('Step `a`: command is required.');
      expect(await problems.innerText()).not.toContain('Invalid input');
      await page.screenshot({ path: join(shots, 'frictions-message.png') });

      await page.getByRole('listitem', { name: 'dangling' }).getByRole('button').first().click();
      const flag = page.getByTestId('wf-dangling-a');
      await flag.waitFor();
      expect(await flag.innerText()).toContain('ghost');
      await expect
        .poll(() => page.getByRole('region', { name: 'Problems' }).innerText())
        .toContain('Step `a`: An edge goes to "ghost", but there is no step "ghost".');
      await page.screenshot({ path: join(shots, 'frictions-dangling-edge.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('weft run refuses a workflow with an edge to no step, saying which, and exits non-zero', async () => {
    const repo = makeRepo('cli-dangling');
    const dataDir = join(tempDir('weft-cli-'), 'data');
    writeWorkflow(repo, 'dangling', {
      nodes: [{ id: 'a', kind: 'shell', command: 'echo a' }],
      edges: [{ from: 'a', to: 'ghost' }],
    });
    const out = await weft(['run', 'dangling', '--repo', repo, '--in-place', '--data-dir', dataDir]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('Step `a`: An edge goes to "ghost", but there is no step "ghost".');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('shows each palette command with its category once', async () => {
    const repo = makeRepo('palette-repo');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken);
    try {
      await openRepo(page, repo);
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('terminal');
      const list = page.getByTestId('palette-list');
      await expect.poll(() => list.innerText()).toContain('New Terminal');
      const text = await list.innerText();
      expect(text).toMatch(/Terminal: New Terminal/);
      expect(text).not.toContain('Terminal: Terminal:');
      await page.screenshot({ path: join(shots, 'frictions-palette.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('small frictions', () => {
  it('places a step added by clicking free of the others, connected after the selected step', async () => {
    const repo = makeRepo('placement-repo');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await openRepo(page, repo);
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const form = page.getByRole('form', { name: 'New workflow' });
      await form.getByLabel('Workflow name').fill('clicked');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.getByTestId('workflow-editor').waitFor();

      // A click adds the step and selects it; the next click goes after it.
      await page.getByRole('button', { name: 'Add Shell node' }).click();
      await page.getByTestId('wf-node-shell').waitFor();
      await page.getByRole('button', { name: 'Add Model call node' }).click();
      await page.getByTestId('wf-node-llm').waitFor();
      await expect.poll(() => page.getByTestId('rf__edge-shell->llm:success').count()).toBe(1);
      // Placed beyond the right edge of the view, it is scrolled into sight.
      const canvas = (await page.getByTestId('workflow-canvas').boundingBox())!;
      await expect
        .poll(async () => {
          const b = (await page.getByTestId('wf-node-llm').boundingBox())!;
          return b.x >= canvas.x && b.x + b.width <= canvas.x + canvas.width;
        })
        .toBe(true);
      // Nothing selected: the next step goes in the middle, but not on top of the others.
      await page.getByTestId('workflow-canvas').click({ position: { x: 20, y: 20 } });
      await page.getByRole('button', { name: 'Add Shell node' }).click();
      await page.getByTestId('wf-node-shell_2').waitFor();
      expect(await page.locator('.react-flow__edge').count()).toBe(1);

      const boxes = [];
      for (const id of ['shell', 'llm', 'shell_2']) {
        const box = await page.getByTestId(`wf-node-${id}`).boundingBox();
        if (!box) throw new Error(`${id} is not visible`);
        boxes.push({ id, ...box });
      }
      for (const a of boxes) {
        for (const b of boxes) {
          if (a === b) continue;
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }
      const shell = boxes[0]!;
      const llm = boxes[1]!;
      expect(llm.x).toBeGreaterThan(shell.x + shell.width);
      await page.screenshot({ path: join(shots, 'frictions-placement.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('browses the folders under home in browser mode and opens one without typing a path', async () => {
    // Its own server, whose home is a temporary folder with a repository two levels down.
    const home = tempDir('weft-home-');
    const outside = tempDir('weft-outside-');
    mkdirSync(join(home, 'projects'));
    const repo = makeRepo('unused');
    const target = join(home, 'projects', 'my-repo');
    spawnSync('git', ['clone', '-q', repo, target]);
    mkdirSync(join(home, '.hidden-stuff'));
    mkdirSync(join(outside, 'secret'));
    symlinkSync(outside, join(home, 'link-out'));
    symlinkSync(join(home, 'projects'), join(home, 'link-in'));
    const own = await startServer({ staticDir: rendererDir, backend: { env: {}, home } });
    const { page, errors } = await openPage(browser(), own.server.urlWithToken, { width: 1280, height: 800 });
    try {
      // The contract refuses anything outside home, also through a link, with its own code.
      for (const path of [outside, join(home, 'link-out'), join(home, '..')]) {
        const reply = await own.backend.router.dispatch('app.listFolders', { path }, { transport: 'test' });
        expect(reply).toMatchObject({ ok: false, error: { code: 'path_outside_home' } });
      }

      await page.getByRole('button', { name: 'Browse Folders…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Open a folder' });
      const folders = dialog.getByRole('list', { name: 'Folders' });
      await expect.poll(() => folders.innerText()).toContain('projects');
      const names = await folders.getByRole('button').allInnerTexts();
      // Hidden folders are off by default; a link is shown only when it stays inside home.
      expect(names).toEqual(['link-in', 'projects']);
      await dialog.getByLabel('Hidden folders').check();
      await expect
        .poll(() => folders.getByRole('button').allInnerTexts())
        .toEqual(['.hidden-stuff', 'link-in', 'projects']);
      await dialog.getByLabel('Hidden folders').uncheck();

      await folders.getByRole('button', { name: 'projects' }).click();
      await expect.poll(() => dialog.getByTestId('folder-browser-path').innerText()).toBe('~/projects');
      await folders.getByRole('button', { name: 'my-repo' }).click();
      await expect.poll(() => dialog.getByTestId('folder-browser-path').innerText()).toBe('~/projects/my-repo');
      await page.screenshot({ path: join(shots, 'frictions-folder-browser.png') });
      await dialog.getByRole('button', { name: 'Open this folder' }).click();
      await page.getByTestId('project-home').waitFor();
      await expect.poll(() => page.getByTestId('status-bar').innerText()).toContain('my-repo');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await own.stop();
    }
  }, 60_000);
});
