import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../../doubles/fake-model';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { makeRepo } from '../../helpers/fixtures';
import { addLocalProvider } from '../../helpers/models';
import { useServer } from '../../helpers/server';
import { writeWorkflow } from '../../helpers/workflows';

const browser = useBrowser();

const fake = useFakeModel({ models: ['fake-coder'] });
const server = useServer(() => ({
  staticDir: rendererDir,
  backend: { env: {}, modelTiming: { sleep: async () => undefined } },
}));

/** Drags a palette item onto the canvas at a point given relative to the canvas's top-left corner. */
async function dropStep(page: Page, title: string, at: { x: number; y: number }): Promise<void> {
  const canvas = page.getByTestId('workflow-canvas');
  await page.getByRole('button', { name: `Add ${title} node` }).dragTo(canvas, { targetPosition: at });
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Connects `from`'s handle to `to`'s input by dragging with the mouse, as a person would. */
async function connect(page: Page, from: string, handle: string, to: string): Promise<void> {
  const source = await centre(page.locator(`.react-flow__handle[data-nodeid="${from}"][data-handleid="${handle}"]`));
  const target = await centre(page.locator(`.react-flow__handle[data-nodeid="${to}"][data-handleid="in"]`));
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 12 });
  await page.mouse.up();
}

describe('workflows in browser mode', () => {
  it('builds a three-step workflow on the canvas, saves it, runs it against the fake model and shows the output', async () => {
    const repo = makeRepo('workflow-repo');
    const providerId = await addLocalProvider(server().backend, fake().openaiUrl, 'native');
    fake().enqueue({ text: 'Green tests make a calm team.', usage: { input: 42, output: 9 } });

    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const form = page.getByRole('form', { name: 'New workflow' });
      await form.getByLabel('Workflow name').fill('e2e-flow');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.getByTestId('workflow-editor').waitFor();

      // Three steps from the palette: a shell step, a model call, another shell step.
      await dropStep(page, 'Shell', { x: 60, y: 100 });
      await dropStep(page, 'Model call', { x: 330, y: 260 });
      await dropStep(page, 'Shell', { x: 60, y: 420 });
      for (const id of ['shell', 'llm', 'shell_2']) await page.getByTestId(`wf-node-${id}`).waitFor();
      await connect(page, 'shell', 'success', 'llm');
      await connect(page, 'llm', 'success', 'shell_2');
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

      // Fill in each step in the inspector.
      await page.getByTestId('wf-node-shell').click();
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await inspector.getByLabel('Command', { exact: true }).fill('echo tests are green');
      await page.getByTestId('wf-node-llm').click();
      await inspector
        .getByLabel('Prompt', { exact: true })
        .fill('Write one line about this: {{nodes.shell.output.stdout}}');
      await inspector.getByLabel('Model: provider').selectOption(providerId);
      await inspector.getByLabel('Model: model').fill('fake-coder');
      await page.getByTestId('wf-node-shell_2').click();
      await inspector.getByLabel('Command', { exact: true }).fill('echo {{nodes.llm.output}}');
      await page.getByTestId('workflow-canvas').click({ position: { x: 20, y: 20 } });

      // Save with Ctrl+S: the file lands in the repository.
      await page.keyboard.press('Control+s');
      await expect
        .poll(() => {
          try {
            return JSON.parse(readFileSync(join(repo, '.weft/workflows/e2e-flow.json'), 'utf8')) as {
              nodes: unknown[];
              edges: unknown[];
            };
          } catch {
            return null;
          }
        })
        .toMatchObject({ nodes: [{ id: 'shell' }, { id: 'llm' }, { id: 'shell_2' }], edges: [{}, {}] });
      await page.screenshot({ path: join(shots, 'workflow-builder.png') });

      // Run it and watch every step turn green.
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      for (const id of ['shell', 'llm', 'shell_2']) {
        await expect
          .poll(() => page.getByTestId(`wf-node-${id}`).getAttribute('data-status'), { timeout: 20_000 })
          .toBe('completed');
      }
      await expect.poll(() => page.getByTestId('run-status').innerText()).toContain('Completed');

      // The model step's output, in the inspector.
      await page.getByTestId('wf-node-llm').click();
      await expect.poll(() => page.getByTestId('node-output').innerText()).toContain('Green tests make a calm team.');
      await page.screenshot({ path: join(shots, 'workflow-run.png') });

      // The Runs panel: history, timeline and tokens.
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('show workflow runs');
      await page.keyboard.press('Enter');
      const runs = page.getByRole('list', { name: 'Workflow runs' });
      await expect.poll(() => runs.innerText()).toContain('e2e-flow');
      await page.getByRole('img', { name: /Timeline of 3 steps/ }).waitFor();
      await page.getByRole('img', { name: /Tokens and cost of 1 steps/ }).waitFor();
      await page.screenshot({ path: join(shots, 'workflow-runs-panel.png') });

      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('starts from a template, opens a loop body, edits with the keyboard, and shows problems on the canvas', async () => {
    const repo = makeRepo('template-repo');
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, {
      width: 1440,
      height: 900,
      colorScheme: 'light',
    });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('color theme: light');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const form = page.getByRole('form', { name: 'New workflow' });
      await form.getByLabel('Start from').selectOption({ label: 'Implement, run tests, fix until green, commit' });
      await form.getByLabel('Workflow name').fill('fix-loop');
      await form.getByRole('button', { name: 'Create' }).click();
      for (const id of ['implement', 'green', 'commit']) await page.getByTestId(`wf-node-${id}`).waitFor();
      // The template has no positions: it is laid out left to right.
      const x = async (id: string) => (await page.getByTestId(`wf-node-${id}`).boundingBox())!.x;
      await expect
        .poll(async () => (await x('implement')) < (await x('green')) && (await x('green')) < (await x('commit')))
        .toBe(true);
      await page.screenshot({ path: join(shots, 'workflow-template-light.png') });

      // Into the loop's body and back.
      await page
        .getByTestId('wf-node-green')
        .getByRole('button', { name: /Body: 3 steps/ })
        .click();
      for (const id of ['test', 'failing', 'fix']) await page.getByTestId(`wf-node-${id}`).waitFor();
      expect(await page.locator('.react-flow__edge').count()).toBe(2);
      await page.screenshot({ path: join(shots, 'workflow-loop-body.png') });
      await page.getByRole('navigation', { name: 'Level' }).getByRole('button', { name: 'fix-loop' }).click();
      await page.getByTestId('wf-node-implement').waitFor();

      // Copy, paste, delete, undo, redo with the keyboard.
      await page.getByTestId('wf-node-implement').click();
      await page.keyboard.press('Control+c');
      await page.keyboard.press('Control+v');
      await page.getByTestId('wf-node-implement_2').waitFor();
      await page.keyboard.press('Delete');
      await expect.poll(() => page.getByTestId('wf-node-implement_2').count()).toBe(0);
      await page.keyboard.press('Control+z');
      await page.getByTestId('wf-node-implement_2').waitFor();
      await page.keyboard.press('Control+y');
      await expect.poll(() => page.getByTestId('wf-node-implement_2').count()).toBe(0);

      // Two selected at once.
      await page.getByTestId('wf-node-implement').click();
      await page.getByTestId('wf-node-commit').click({ modifiers: ['Shift'] });
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await expect.poll(() => inspector.innerText()).toContain('2 steps selected');

      // A reference to a step that does not exist: marked on the node and listed; the draft saves, Run is off.
      await page.getByTestId('workflow-canvas').click({ position: { x: 10, y: 10 } });
      await page.getByTestId('wf-node-implement').click();
      await inspector.getByLabel('Prompt', { exact: true }).fill('{{nodes.nobody.output}}');
      const problems = page.getByRole('region', { name: 'Problems' });
      await expect.poll(() => problems.innerText()).toContain('there is no node "nobody"');
      await page.getByTestId('wf-node-implement').getByLabel('1 problem').waitFor();
      expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
      await page.keyboard.press('Control+s');
      await expect
        .poll(() => readFileSync(join(repo, '.weft/workflows/fix-loop.json'), 'utf8'))
        .toContain('{{nodes.nobody.output}}');
      await page.screenshot({ path: join(shots, 'workflow-problems-light.png') });

      // Export the JSON; import another workflow's JSON over it, and undo that.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export JSON' }).click();
      const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as {
        nodes: { id: string }[];
      };
      expect(exported.nodes.map((n) => n.id)).toEqual(['implement', 'green', 'commit']);
      const other = join(repo, 'other.json');
      writeFileSync(other, JSON.stringify({ version: 1, nodes: [{ id: 'one', kind: 'shell', command: 'echo 1' }] }));
      await page.locator('input[type="file"]').setInputFiles(other);
      await page.getByTestId('wf-node-one').waitFor();
      expect(await page.getByTestId('wf-node-implement').count()).toBe(0);
      await page.getByTestId('workflow-canvas').click({ position: { x: 10, y: 10 } });
      await page.keyboard.press('Control+z');
      await page.getByTestId('wf-node-implement').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('waits at an approval step and goes on when approved on the canvas', async () => {
    const repo = makeRepo('approval-repo');
    writeWorkflow(repo, 'gate', {
      inputs: { target: { type: 'string', default: 'staging' } },
      nodes: [
        { id: 'build', kind: 'shell', command: 'echo built', position: { x: 0, y: 0 } },
        { id: 'ask', kind: 'approval', message: 'Deploy the build?', position: { x: 300, y: 0 } },
        { id: 'deploy', kind: 'shell', command: 'echo deployed to {{inputs.target}}', position: { x: 600, y: 0 } },
      ],
      edges: [
        { from: 'build', to: 'ask' },
        { from: 'ask', to: 'deploy' },
      ],
    });
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('listitem', { name: 'gate' }).getByRole('button').first().click();
      // The workflow has an input: the run asks for it, its default filled in.
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Run workflow' });
      expect(await dialog.getByLabel('target').inputValue()).toBe('staging');
      await dialog.getByLabel('target').fill('production');
      await dialog.getByRole('button', { name: 'Start run' }).click();
      const ask = page.getByTestId('wf-node-ask');
      await expect.poll(() => ask.getAttribute('data-status'), { timeout: 20_000 }).toBe('waiting');
      await expect.poll(() => page.getByTestId('run-status').innerText()).toContain('Awaiting approval');
      expect(await ask.innerText()).toContain('Deploy the build?');
      await page.screenshot({ path: join(shots, 'workflow-approval.png') });
      await ask.getByRole('button', { name: 'Approve' }).click();
      await expect
        .poll(() => page.getByTestId('wf-node-deploy').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('completed');
      await page.getByTestId('wf-node-deploy').click();
      await expect.poll(() => page.getByTestId('node-output').innerText()).toContain('deployed to production');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
  it('resumes a cancelled run without redoing finished steps, and retries a failed step after the file is fixed', async () => {
    const repo = makeRepo('resume-repo');
    mkdirSync(join(repo, '.weft/workflows'), { recursive: true });
    const step = (id: string, command: string, x: number) => ({ id, kind: 'shell', command, position: { x, y: 0 } });
    writeFileSync(
      join(repo, '.weft/workflows/slow.json'),
      JSON.stringify({
        version: 1,
        nodes: [
          step('first', 'echo first >> steps.log', 0),
          step('wait', 'sleep 3', 300),
          step('last', 'cat steps.log', 600),
        ],
        edges: [
          { from: 'first', to: 'wait' },
          { from: 'wait', to: 'last' },
        ],
      }),
    );
    writeFileSync(
      join(repo, '.weft/workflows/flaky.json'),
      JSON.stringify({
        version: 1,
        nodes: [step('check', 'exit 3', 0), step('after', 'echo after the check', 300)],
        edges: [{ from: 'check', to: 'after' }],
      }),
    );
    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1440, height: 900 });
    const status = (id: string) => page.getByTestId(`wf-node-${id}`).getAttribute('data-status');
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Workflows' }).click();

      // Cancel while a step runs, then resume: the finished step is not run again.
      await page.getByRole('listitem', { name: 'slow' }).getByRole('button').first().click();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => status('wait'), { timeout: 20_000 }).toBe('running');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 20_000 }).toContain('Cancelled');
      await page.getByRole('button', { name: 'Resume', exact: true }).click();
      await expect.poll(() => status('last'), { timeout: 20_000 }).toBe('completed');
      await page.getByTestId('wf-node-last').click();
      // steps.log has one line: `first` ran once, before the cancel.
      await expect.poll(() => page.getByTestId('node-output').innerText()).toContain('first');
      expect((await page.getByTestId('node-output').innerText()).match(/first/g)).toHaveLength(1);
      await page.screenshot({ path: join(shots, 'workflow-resumed.png') });

      // A failing step: fix the command in the inspector, save, and retry from that step.
      await page.getByRole('listitem', { name: 'flaky' }).getByRole('button').first().click();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => status('check'), { timeout: 20_000 }).toBe('failed');
      await expect.poll(() => page.getByTestId('run-status').innerText()).toContain('Failed');
      expect(await status('after')).not.toBe('completed');
      await page.getByTestId('wf-node-check').click();
      await page.getByRole('tab', { name: 'Properties' }).click();
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await inspector.getByLabel('Command', { exact: true }).fill('echo fixed');
      await page.keyboard.press('Control+s');
      await expect.poll(() => readFileSync(join(repo, '.weft/workflows/flaky.json'), 'utf8')).toContain('echo fixed');
      await page.getByTestId('wf-node-check').click();
      await page.getByRole('tab', { name: 'Run output' }).click();
      await page.getByRole('button', { name: 'Retry from this step' }).click();
      await expect.poll(() => status('after'), { timeout: 20_000 }).toBe('completed');
      await expect.poll(() => status('check')).toBe('completed');
      await expect.poll(() => page.getByTestId('run-status').innerText()).toContain('Completed');
      await page.screenshot({ path: join(shots, 'workflow-retried.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('opens a workflow of 400 steps with only the steps in view on the canvas, and zooms in on them', async () => {
    const repo = makeRepo('big-workflow-repo');
    const nodes = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, kind: 'shell', command: `echo ${i}` }));
    const edges = nodes.slice(1).map((n, i) => ({ from: `s${i}`, to: n.id }));
    mkdirSync(join(repo, '.weft/workflows'), { recursive: true });
    writeFileSync(join(repo, '.weft/workflows/big.json'), JSON.stringify({ version: 1, nodes, edges }));

    const { page, errors } = await openPage(browser(), server().server.urlWithToken, { width: 1280, height: 800 });
    try {
      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByText('big · 400 steps').click();
      await page.getByTestId('workflow-editor').waitFor();
      // Laid out left to right and fitted: far more steps than fit, so only some are mounted.
      await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(0);
      expect(await page.locator('.react-flow__node').count()).toBeLessThan(100);
      for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
      // Close up, the steps in the middle of the chain are there to read.
      await expect.poll(() => page.locator('[data-testid^="wf-node-s"]').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid^="wf-node-s"]').first().innerText()).toMatch(/s\d+ · Shell/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
