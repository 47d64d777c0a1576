import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../doubles/fake-model';
import { git } from '../helpers/agent';
import { openPage, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { serveWithScriptedModel } from '../helpers/scripted-model';

const browser = useBrowser();
let model: FakeModelServer;

beforeAll(async () => {
  model = await FakeModelServer.start({ models: ['fake-coder'] });
});
afterAll(async () => {
  await model?.close();
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Third-party internals axe may flag and Weft cannot change (Monaco's and xterm's own DOM). Each
 * entry is one specific selector with the reason; a whole view is never excluded. None is needed
 * today: Monaco 0.57 and xterm 6 pass the serious and critical rules as Weft uses them.
 */
const thirdParty: readonly string[] = [];

interface Finding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
  readonly summary: string;
}

/** Runs axe over the whole document and returns its serious and critical violations. */
async function scan(page: Page): Promise<Finding[]> {
  // Evaluated over DevTools, so the page's CSP (script-src 'self') does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (exclude) => {
    type Result = {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[]; html: string; failureSummary?: string }[];
    };
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Result[] }> } }
    ).axe;
    const { violations } = await axe.run(
      { include: [document], exclude: exclude.map((s) => [s]) },
      { resultTypes: ['violations'] },
    );
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.map((n) => `${n.target.map(String).join(' ')} = ${n.html.slice(0, 160)}`),
        summary: v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ') ?? '',
      }));
  }, thirdParty);
}

/** One readable paragraph per violation: where, which rule, how bad, which elements, what to fix. */
function describeFindings(view: string, findings: readonly Finding[]): string[] {
  return findings.map(
    (f) =>
      `[${view}] ${f.rule} (${f.impact}): ${f.help}\n  targets:\n    ${f.targets.slice(0, 6).join('\n    ')}${
        f.targets.length > 6 ? ` … and ${f.targets.length - 6} more` : ''
      }\n  ${f.summary}`,
  );
}

/** A repository with a few files, one of them changed, so the git view has something to show. */
function repoWithFiles(name: string): string {
  const repo = makeRepo(name);
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'greet.ts'), 'export const greet = (name: string) => `hello ${name}`;\n');
  writeFileSync(join(repo, 'src', 'sum.ts'), 'export const sum = (a: number, b: number) => a + b;\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'add sources');
  writeFileSync(join(repo, 'README.md'), '# fixture\n\nA changed line for the git view.\n');
  return repo;
}

describe.each(['dark', 'light'] as const)('accessibility, %s theme', (theme) => {
  it('finds no serious or critical axe violation on any main view', async () => {
    const repo = repoWithFiles(`a11y-${theme}`);
    const running = await serveWithScriptedModel(model);
    model.enqueue({ text: 'Read the repository; nothing needs changing.' });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, {
      width: 1440,
      height: 900,
      colorScheme: theme,
    });
    const problems: string[] = [];
    const check = async (view: string) => {
      problems.push(...describeFindings(`${view}, ${theme}`, await scan(page)));
      await page.screenshot({ path: join(shots, `a11y-${theme}-${view.replace(/\W+/g, '-')}.png`) });
    };
    try {
      await page.getByRole('heading', { name: 'Start' }).waitFor();
      await check('welcome');

      await page.getByLabel('Folder path').fill(repo);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByTestId('project-home').waitFor();
      await page.locator('[data-path="src"]').click();
      await page.locator('[data-path="src/greet.ts"]').click();
      await page.locator('#editor').getByTestId('editor').locator('.view-lines').waitFor();
      // Monaco highlights the word under the cursor a moment after the file opens (its theme's
      // token colours on that highlight are Monaco's, not ours): put the cursor on the empty last
      // line and wait until no highlight is drawn, so the scan sees the same editor every time.
      await page.locator('#editor .view-lines').click();
      await page.keyboard.press('Control+End');
      await expect
        .poll(() =>
          page
            .locator(
              '#editor .cdr.wordHighlight, #editor .cdr.wordHighlightStrong, #editor .cdr.wordHighlightText, #editor .cdr.selectionHighlight',
            )
            .count(),
        )
        .toBe(0);
      await check('explorer and editor');

      await page.keyboard.press('Control+Shift+F');
      await page.getByRole('textbox', { name: 'Search' }).fill('hello');
      await page.getByTestId('search-results').getByRole('button', { name: /hello/ }).first().waitFor();
      await check('search');

      await page.getByRole('button', { name: 'Source Control' }).click();
      await expect.poll(() => page.getByTestId('git-view').innerText()).toContain('README.md');
      await check('git');
      await page.getByTestId('status-bar').screenshot({ path: join(shots, `a11y-${theme}-status-bar.png`) });

      await page.getByRole('tab', { name: 'Terminal' }).click();
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      await check('terminal');

      await page.keyboard.press('Control+Shift+P');
      await page.getByTestId('palette-list').waitFor();
      await check('palette open');
      await page.keyboard.press('Escape');
      await page.getByTestId('palette-list').waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Agents' }).click();
      const form = page.getByRole('form', { name: 'New agent run' });
      await form.getByLabel('Provider').selectOption({ label: 'Scripted model' });
      await form.getByLabel('Model').fill('fake-coder');
      await form.getByLabel('Task').fill('Look around the repository.');
      await form.getByLabel('Task').press('Control+Enter');
      const runView = page.getByTestId('run-view');
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');
      await check('agent run');

      await page.getByRole('button', { name: 'Workflows' }).click();
      await page.getByRole('button', { name: 'New workflow' }).click();
      const wf = page.getByRole('form', { name: 'New workflow' });
      await wf.getByLabel('Workflow name').fill('a11y-flow');
      await wf.getByRole('button', { name: 'Create' }).click();
      await page.getByTestId('workflow-editor').waitFor();
      await page
        .getByRole('button', { name: 'Add Shell node' })
        .dragTo(page.getByTestId('workflow-canvas'), { targetPosition: { x: 80, y: 100 } });
      await page.getByTestId('wf-node-shell').waitFor();
      await check('workflow canvas');

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByTestId('settings-view').waitFor();
      await check('settings');

      expect(problems.join('\n\n')).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 180_000);
});
