import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../../doubles/fake-model';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { startServer, type Running } from '../../helpers/server';

// Issue #13, item 6: no model request the user did not ask for, and labels that follow the
// provider's tool mode.
const browser = useBrowser();

let studio: FakeModelServer;
let running: Running;

beforeAll(async () => {
  studio = await FakeModelServer.start({ models: ['coder-7b'] });
  running = await startServer({
    staticDir: rendererDir,
    backend: {
      env: {},
      localModelPorts: { ollama: 1, lmstudio: 1, llamacpp: 1 },
      modelTiming: { sleep: async () => undefined },
    },
  });
});

afterAll(async () => {
  await running?.stop();
  await studio?.close();
});

describe('tool-support check in browser mode', () => {
  it('sends a chat request only when asked, says so beside the button, and relabels when the tool mode changes', async () => {
    const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 1600 });
    try {
      await page.keyboard.press('Control+Shift+P');
      await page.getByPlaceholder('Type a command').fill('configure model providers');
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: 'Models' }).waitFor();

      await page.getByRole('button', { name: 'Add a provider…' }).click();
      const form = page.getByRole('form', { name: 'Add a model provider' });
      await form.getByLabel('Type').selectOption('lmstudio');
      await form.getByLabel('Endpoint URL').fill(studio.openaiUrl);
      await form.getByRole('button', { name: 'Add provider' }).click();
      const row = page.getByRole('listitem', { name: 'LM Studio' });
      await expect.poll(() => row.innerText()).toContain('Connected');
      const models = page.getByRole('list', { name: 'Models of LM Studio' });
      const check = models.getByRole('button', { name: 'Check tool support' });
      await check.waitFor();
      // The button says what it costs before it is pressed.
      expect(await check.getAttribute('aria-describedby')).toBeTruthy();
      expect(await models.innerText()).toContain('sends one short chat request');
      await models.screenshot({ path: join(shots, 'model-probe-button.png') });

      // Choosing the model as a default is free: no chat request reaches the server.
      await page.getByLabel('Agent: provider').selectOption({ label: 'LM Studio' });
      await page.getByLabel('Agent: model').fill('coder-7b');
      await page.getByLabel('Agent: model').blur();
      await expect
        .poll(() => running.backend.settings.get().models.defaults.agent)
        .toMatchObject({ model: 'coder-7b' });
      // A round trip after the save: a probe started by the choice would have been received by now.
      const listsBefore = studio.requests.filter((r) => r.path.endsWith('/models')).length;
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => studio.requests.filter((r) => r.path.endsWith('/models')).length).toBe(listsBefore + 1);
      await expect.poll(() => row.innerText()).toContain('Connected');
      expect(studio.calls).toHaveLength(0);

      // Pressing the button sends exactly one request; a model answering in text gets the prompt protocol.
      studio.enqueue({ text: 'It is noon.' });
      await check.click();
      await expect.poll(() => models.innerText()).toContain('tools via prompt');
      expect(studio.calls).toHaveLength(1);
      await models.screenshot({ path: join(shots, 'model-probe-text.png') });

      // Switching the provider to native tool calls relabels the model, without probing again.
      await row.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('form', { name: 'Edit LM Studio' });
      await edit.getByLabel('Tool calls').selectOption('native');
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.waitFor({ state: 'detached' });
      await expect.poll(() => models.innerText()).not.toContain('tools via prompt');
      expect(await models.innerText()).toMatch(/\btools\b/);
      expect(studio.calls).toHaveLength(1);
      // And back to automatic: the probe's finding applies again.
      await row.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('form', { name: 'Edit LM Studio' }).getByLabel('Tool calls').selectOption('auto');
      await page.getByRole('form', { name: 'Edit LM Studio' }).getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => models.innerText()).toContain('tools via prompt');
      await row.screenshot({ path: join(shots, 'model-probe-relabel.png') });
      expect(studio.calls).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
