import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../../doubles/fake-model';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { startServer, type Running } from '../../helpers/server';

const browser = useBrowser();
let fake: FakeModelServer;
let running: Running;

beforeAll(async () => {
  fake = await FakeModelServer.start({ models: ['fake-model'] });
  running = await startServer({
    staticDir: rendererDir,
    backend: {
      env: {},
      localModelPorts: { ollama: 1, lmstudio: 1, llamacpp: 1 },
      modelTiming: { sleep: async () => undefined },
    },
  });
  const saved = await running.backend.router.dispatch(
    'models.saveProvider',
    { kind: 'openai-compatible', flavor: 'custom', name: 'Slow box', baseUrl: fake.openaiUrl },
    { transport: 'test' },
  );
  if (!saved.ok) throw new Error(saved.error.message);
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
});

async function slowBox(): Promise<unknown> {
  const reply = await running.backend.router.dispatch('models.providers', undefined, { transport: 'test' });
  return reply.ok ? (reply.value as { name: string }[]).find((p) => p.name === 'Slow box') : reply.error;
}

describe("a provider's waits in Settings → Models (issue #13 item 9a)", () => {
  it('are edited, saved and there after a reload; a bad value says why and cannot be saved', async () => {
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 1600 });
    try {
      const openModels = async () => {
        // After a reload the shortcut only works once the workbench has loaded: press until it opens.
        const input = page.getByPlaceholder('Type a command');
        await expect
          .poll(
            async () => {
              if (!(await input.isVisible())) await page.keyboard.press('Control+Shift+P');
              return input.isVisible();
            },
            { timeout: 20_000 },
          )
          .toBe(true);
        await input.fill('configure model providers');
        await page.keyboard.press('Enter');
        await page.getByRole('region', { name: 'Models' }).waitFor();
      };
      await openModels();
      const row = page.getByRole('listitem', { name: 'Slow box' });
      await row.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('form', { name: 'Edit Slow box' });
      const first = form.getByLabel('Wait for the first token (s)');
      const idle = form.getByLabel('Wait between tokens (s)');
      // Empty means Weft's default, which the placeholder says (a local server gets longer).
      expect(await first.getAttribute('placeholder')).toBe('Default: 300');
      expect(await idle.getAttribute('placeholder')).toBe('Default: 60');

      await first.fill('2');
      const alert = form.getByRole('alert');
      await expect.poll(() => alert.innerText()).toContain('whole number of seconds from 5 to 3600');
      expect(await first.getAttribute('aria-invalid')).toBe('true');
      expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      await form.screenshot({ path: join(shots, 'provider-timeouts-error.png') });

      await first.fill('45');
      await idle.fill('20');
      await expect.poll(() => form.getByRole('alert').count()).toBe(0);
      await form.screenshot({ path: join(shots, 'provider-timeouts.png') });
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => slowBox()).toMatchObject({ firstTokenTimeoutSec: 45, idleTimeoutSec: 20 });

      await page.reload();
      await openModels();
      await page.getByRole('listitem', { name: 'Slow box' }).getByRole('button', { name: 'Edit' }).click();
      const again = page.getByRole('form', { name: 'Edit Slow box' });
      expect(await again.getByLabel('Wait for the first token (s)').inputValue()).toBe('45');
      expect(await again.getByLabel('Wait between tokens (s)').inputValue()).toBe('20');

      // Emptying a field goes back to the default.
      await again.getByLabel('Wait between tokens (s)').fill('');
      await again.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => slowBox()).toMatchObject({ firstTokenTimeoutSec: 45, idleTimeoutSec: null });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
