import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useFakeModel } from '../doubles/fake-model';
import { buggyRepo } from '../helpers/agent';
import { seriousViolations } from '../helpers/board-a11y';
import { openPage, openRepo, shotsDir as shots, useBrowser } from '../helpers/browser';
import { call } from '../helpers/models';
import { serveWithScriptedModel } from '../helpers/scripted-model';

const browser = useBrowser();
const model = useFakeModel({ models: ['fake-coder'] });

type Recorded = { shown: { title: string; body: string; click: () => void }[]; toasts: string[] };

/**
 * The page as a user in another window sees it: Weft in the background, a browser that has not
 * been asked about notifications yet, and every OS notification and toast it shows written down.
 */
async function inBackground(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const recorded: Recorded = { shown: [], toasts: [] };
    (window as unknown as { recorded: Recorded }).recorded = recorded;
    class FakeNotification {
      static permission = 'default';
      static requestPermission = async () => (FakeNotification.permission = 'granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        recorded.shown.push({ title, body: options.body, click: () => this.onclick?.() });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: FakeNotification });
    document.hasFocus = () => false;
    // Toasts go after five seconds; what was shown at all is what matters.
    new MutationObserver((changes) => {
      for (const change of changes)
        for (const node of Array.from(change.addedNodes)) {
          if (!(node instanceof HTMLElement)) continue;
          for (const el of [node, ...Array.from(node.querySelectorAll('[role=status], [role=alert]'))])
            if (el.matches('[role=status], [role=alert]') && el.parentElement?.classList.contains('fixed'))
              recorded.toasts.push(el.textContent ?? '');
        }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.getByTestId('status-bar').waitFor();
}

const recorded = (page: Page) =>
  page.evaluate(() => {
    const r = (window as unknown as { recorded: Recorded }).recorded;
    return { shown: r.shown.map((n) => `${n.title}: ${n.body}`), toasts: r.toasts };
  });
const permission = (page: Page) => page.evaluate(() => Notification.permission);

const runTest = {
  text: 'Running the test.',
  toolCalls: [{ name: 'shell__run', arguments: { command: 'node test.js' } }],
};

describe('notifications in browser mode', () => {
  it('notifies when an agent run needs approval, opens the run from the notification, and stays quiet when turned off', async () => {
    const repo = buggyRepo('notify-e2e');
    const running = await serveWithScriptedModel(model());
    const defaults = await call(running.backend, 'settings.update', {
      models: { defaults: { agent: { providerId: 'scripted-model', model: 'fake-coder' } } },
    });
    if (!defaults.ok) throw new Error(defaults.error.message);
    const enabledInBackend = async () => {
      const reply = await call(running.backend, 'settings.get');
      if (!reply.ok) throw new Error(reply.error.message);
      return (reply.value as { notifications: { enabled: boolean } }).notifications.enabled;
    };
    model().enqueue(runTest, { text: 'The test ran.' });

    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { width: 1440, height: 900 });
    try {
      await inBackground(page);
      await openRepo(page, repo);
      // Opening the page and a folder asks nothing: the browser is asked on a click.
      expect(await permission(page)).toBe('default');
      const settings = page.getByTestId('settings-view');
      const section = page.getByRole('region', { name: 'Notifications', exact: true });
      const onOff = section.getByRole('switch', { name: 'Show notifications' });
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await section.getByRole('button', { name: 'Allow system notifications' }).waitFor();
      expect(await onOff.isChecked()).toBe(true);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(shots, 'notifications-settings-not-asked.png') });
      await settings.getByRole('button', { name: 'Close' }).click();

      // Start a run; the click that starts it asks for notifications.
      await page.getByRole('button', { name: 'Agents' }).click();
      const form = page.getByRole('form', { name: 'New agent run' });
      await form.getByLabel('Task').fill('Check that the tests run.');
      await form.getByRole('button', { name: 'Start run' }).click();
      const runView = page.getByTestId('run-view');
      await runView.waitFor();
      expect(await permission(page)).toBe('granted');

      // The user turns to Settings while the run works; the run asks to run a command.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await settings.waitFor();
      await expect
        .poll(async () => (await recorded(page)).shown, { timeout: 20_000 })
        .toEqual([expect.stringMatching(/^An agent run needs your approval: Check that the tests run/)]);
      const toast = page.getByRole('status').filter({ hasText: 'An agent run needs your approval' });
      await toast.getByRole('button', { name: 'Show run' }).waitFor();
      await page.screenshot({ path: join(shots, 'notice-run-approval.png') });

      // Asked and allowed: the section no longer offers to ask.
      await expect.poll(() => section.getByRole('button', { name: 'Allow system notifications' }).count()).toBe(0);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(shots, 'notifications-settings.png') });
      expect(await seriousViolations(page)).toEqual([]);

      // Clicking the OS notification brings the run to the front, with its question.
      await page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded.shown[0]!.click());
      await settings.waitFor({ state: 'detached' });
      const approval = page.getByRole('group', { name: 'Approval for shell__run' });
      await approval.waitFor();
      expect(await runView.getByTestId('run-status').innerText()).toBe('Needs approval');

      // Turned off in Settings (the board's switch is the same setting): finishing the run says nothing.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await onOff.uncheck();
      await expect.poll(enabledInBackend).toBe(false);
      expect(await page.getByRole('switch', { name: /^Notify me when a task/ }).isChecked()).toBe(false);
      await settings.getByRole('button', { name: 'Close' }).click();
      await approval.getByRole('button', { name: 'Allow once' }).click();
      await expect.poll(() => runView.getByTestId('run-status').innerText(), { timeout: 20_000 }).toBe('Completed');

      // On again (in light): the next question is notified. Events arrive in order, so whatever the
      // finished run would have said has arrived by now.
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await onOff.check();
      await expect.poll(enabledInBackend).toBe(true);
      await section.screenshot({ path: join(shots, 'notifications-settings-light.png') });
      expect(await seriousViolations(page)).toEqual([]);
      await settings.getByRole('button', { name: 'Close' }).click();
      model().enqueue(runTest, { text: 'Ran it again.' });
      await page.getByLabel('Message to the agent').fill('Run it once more.');
      await page.getByLabel('Message to the agent').press('Enter');
      await expect.poll(async () => (await recorded(page)).shown.length, { timeout: 20_000 }).toBe(2);
      await toast.getByRole('button', { name: 'Show run' }).waitFor();
      await page.screenshot({ path: join(shots, 'notice-run-approval-light.png') });

      const { shown, toasts } = await recorded(page);
      expect(shown.map((s) => s.split(':')[0])).toEqual([
        'An agent run needs your approval',
        'An agent run needs your approval',
      ]);
      expect(toasts.filter((t) => t.startsWith('An agent run'))).toHaveLength(2);
      expect(toasts.join('\n')).not.toMatch(/finished|stopped/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  }, 120_000);
});
