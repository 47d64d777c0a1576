import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { git } from '../helpers/agent';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../helpers/browser';
import { makeRepo } from '../helpers/fixtures';
import { startServer } from '../helpers/server';

const browser = useBrowser();

interface Focused {
  /** How a person would name the element: its label, else its text. */
  readonly name: string;
  readonly tag: string;
  /** The drawn focus indicator (outline or box shadow), empty when there is none. */
  readonly ring: string;
  /** Set when focus is inside Monaco or xterm, which draw their own cursor instead of a ring. */
  readonly within: 'monaco' | 'xterm' | '';
  readonly role: string | null;
  readonly selected: string | null;
  readonly inSideBar: boolean;
  readonly inPanel: boolean;
}

/** What has keyboard focus now, and whether a focus ring is drawn on it. */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    const outline =
      style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor)
        ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`
        : '';
    const shadow = style.boxShadow !== 'none' ? style.boxShadow : '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = el.getAttribute('aria-label') ?? label ?? el.getAttribute('title') ?? (el.textContent ?? '').trim();
    const within = el.closest('.monaco-editor') ? 'monaco' : el.closest('.xterm') ? 'xterm' : '';
    return {
      name: name.slice(0, 60),
      tag: el.tagName.toLowerCase(),
      ring: outline || shadow,
      within,
      role: el.getAttribute('role'),
      selected: el.getAttribute('aria-selected'),
      inSideBar: el.closest('aside') !== null,
      inPanel: el.closest('section[aria-label="Panel"]') !== null,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `wanted` has focus, as a keyboard user would, and returns
 * it; fails naming every stop on the way if it is not reached.
 */
async function tabTo(
  page: Page,
  wanted: (f: Focused) => boolean,
  options: { backwards?: boolean; max?: number } = {},
): Promise<Focused> {
  const stops: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (now && wanted(now)) return now;
    stops.push(now ? `${now.tag} "${now.name}"` : '(nothing)');
  }
  throw new Error(`Not reached with ${options.backwards ? 'Shift+Tab' : 'Tab'}; stops were: ${stops.join(', ')}`);
}

const named = (name: string) => (f: Focused) => f.name === name;
const activity = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name, exact: true });

/** The side views of the activity bar, in an order where none is already open when reached. */
const sideViews = [
  { button: 'Search', shows: (page: Page) => page.getByTestId('search-view') },
  { button: 'Source Control', shows: (page: Page) => page.getByTestId('git-view') },
  { button: 'Agents', shows: (page: Page) => page.getByRole('form', { name: 'New agent run' }) },
  { button: 'Workflows', shows: (page: Page) => page.getByRole('button', { name: 'New workflow' }) },
];

describe('keyboard only', () => {
  it('reaches every activity-bar view, settings, a new workflow step, the editor, the panel and the palette, with focus always visible', async () => {
    const repo = makeRepo('keys-repo');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'greet.ts'), 'export const greet = 1;\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'add greet');
    const running = await startServer({ staticDir: rendererDir });
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    const rings: string[] = [];
    /** Records a stop whose focus ring is missing, so one failure lists them all. */
    const expectRing = (f: Focused, where: string) => {
      if (!f.ring) rings.push(`${where}: ${f.tag} "${f.name}" has focus but no visible focus ring`);
    };
    try {
      // Welcome: Tab to the path field, type, Enter opens the folder.
      await page.getByRole('heading', { name: 'Start' }).waitFor();
      expectRing(await tabTo(page, named('Folder path')), 'welcome');
      await page.keyboard.insertText(repo);
      await page.keyboard.press('Enter');
      await page.getByTestId('project-home').waitFor();

      // Each side view from its activity-bar button: Tab to it, Enter shows it, Tab walks its
      // controls (each with a ring), Shift+Tab goes back up to the activity bar for the next.
      for (const view of sideViews) {
        expectRing(await tabTo(page, named(view.button), { backwards: true }), 'activity bar');
        await page.keyboard.press('Enter');
        await view.shows(page).waitFor();
        expect(await activity(page, view.button).getAttribute('aria-pressed')).toBe('true');
        for (let i = 0; i < 15; i++) {
          await page.keyboard.press('Tab');
          const now = await focused(page);
          if (now?.inSideBar) expectRing(now, view.button);
        }
      }
      expectRing(await tabTo(page, named('Explorer'), { backwards: true }), 'activity bar');
      await page.keyboard.press('Enter');
      await page.locator('[data-path="src"]').waitFor();

      // Settings from the activity bar's last button; its controls take focus in turn, each with a ring.
      expectRing(await tabTo(page, named('Settings')), 'activity bar');
      await page.keyboard.press('Enter');
      await page.getByTestId('settings-view').waitFor();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        if (now) expectRing(now, 'settings');
      }
      await page.screenshot({ path: join(shots, 'keyboard-settings-focus.png') });

      // A workflow from keys alone: its view, the new-workflow form, then a step from the palette.
      expectRing(await tabTo(page, named('Workflows'), { backwards: true }), 'activity bar');
      await page.keyboard.press('Enter');
      expectRing(await tabTo(page, named('New workflow')), 'workflows');
      await page.keyboard.press('Enter');
      expectRing(await tabTo(page, named('Workflow name')), 'new workflow');
      await page.keyboard.insertText('keys-flow');
      await page.keyboard.press('Enter');
      await page.getByTestId('workflow-editor').waitFor();
      expectRing(await tabTo(page, named('Add Shell node')), 'workflow palette');
      await page.keyboard.press('Enter');
      await page.getByTestId('wf-node-shell').waitFor();
      expectRing(await tabTo(page, named('Explorer'), { backwards: true }), 'activity bar');
      await page.keyboard.press('Enter');

      // Explorer to editor: into the file tree, arrows and Enter open a file, Tab reaches Monaco.
      expectRing(await tabTo(page, named('Files')), 'explorer');
      // The tree keeps focus; a screen reader hears the row named by aria-activedescendant.
      const announced = () =>
        page.evaluate(() => {
          const id = document.activeElement?.getAttribute('aria-activedescendant');
          return id ? (document.getElementById(id)?.getAttribute('data-path') ?? null) : null;
        });
      /** Arrows down the tree until `path` is the announced row. */
      const arrowTo = async (path: string) => {
        const passed: (string | null)[] = [];
        for (let i = 0; i < 10 && passed.at(-1) !== path; i++) {
          const before = await announced();
          await page.keyboard.press('ArrowDown');
          await expect.poll(announced).not.toBe(before);
          passed.push(await announced());
        }
        expect(passed).toContain(path);
      };
      await arrowTo('src');
      await page.keyboard.press('Enter');
      await page.locator('[data-path="src/greet.ts"]').waitFor();
      await arrowTo('src/greet.ts');
      await page.keyboard.press('Enter');
      const editor = page.locator('#editor').getByTestId('editor');
      await editor.locator('.view-lines').waitFor();
      // Monaco shows focus with its own cursor in a focused editor; the text area it types into is off screen.
      if ((await focused(page))?.within !== 'monaco') await tabTo(page, (f) => f.within === 'monaco');
      await expect.poll(() => editor.locator('.monaco-editor.focused').count()).toBe(1);
      await page.keyboard.insertText('// typed ');
      await expect
        .poll(async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '))
        .toContain('// typed export const greet');

      // Tab indents in the editor; Ctrl+M makes it move focus on (Monaco's own key), out to the panel's tabs.
      await page.keyboard.press('Control+m');
      const panelTab = await tabTo(page, (f) => f.role === 'tab' && f.selected === 'false' && f.inPanel);
      expectRing(panelTab, 'panel');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByRole('tab', { name: panelTab.name, exact: true }).getAttribute('aria-selected'))
        .toBe('true');

      // The palette opens on its keys with the caret in its field; Enter runs the command.
      await page.keyboard.press('Control+Shift+P');
      const input = page.getByPlaceholder('Type a command');
      await input.waitFor();
      expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.insertText('Toggle Panel');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('region', { name: 'Panel' }).count()).toBe(0);
      await page.keyboard.press('Control+j');
      await page.getByRole('region', { name: 'Panel' }).waitFor();

      // Ctrl+` opens a terminal with the caret in it.
      await page.keyboard.press('Control+Backquote');
      await page.getByTestId('terminal-view').waitFor();
      await expect.poll(async () => (await focused(page))?.within).toBe('xterm');

      expect(rings).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 120_000);
});
