import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../../doubles/fake-model';
import { openPage, rendererDir, shotsDir as shots, useBrowser } from '../../helpers/browser';
import { startServer, type Running } from '../../helpers/server';

const browser = useBrowser();
const hostedKey = 'sk-or-PLANTED-e2e-7Hq2Vx9Lm4Np8Rt1';

let ollama: FakeModelServer;
let gateway: FakeModelServer;
let running: Running;

beforeAll(async () => {
  ollama = await FakeModelServer.start({ ollama: true, models: ['qwen2.5-coder:7b', 'llama3.2:3b'] });
  gateway = await FakeModelServer.start({ apiKey: hostedKey, models: ['gpt-4o-mini'] });
});

afterAll(async () => {
  await ollama?.close();
  await gateway?.close();
});

async function openSettings(): Promise<{ page: Page; errors: string[] }> {
  running = await startServer({
    staticDir: rendererDir,
    backend: {
      env: {},
      localModelPorts: { ollama: ollama.port, lmstudio: 1, llamacpp: 1 },
      modelTiming: { sleep: async () => undefined },
    },
  });
  const { page, errors } = await openPage(browser(), running.server.urlWithToken, { height: 2200 });
  await page.keyboard.press('Control+Shift+P');
  await page.getByPlaceholder('Type a command').fill('configure model providers');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Models' }).waitFor();
  return { page, errors };
}

describe('model settings in browser mode', () => {
  it('adds Ollama and an API-key endpoint, picks a default model, goes offline and shows usage', async () => {
    const { page, errors } = await openSettings();
    try {
      // A new user: find the local Ollama and add it with one click.
      await page.getByRole('button', { name: 'Find local models' }).click();
      await page.getByRole('button', { name: 'Add Ollama' }).click();
      const ollamaRow = page.getByRole('listitem', { name: 'Ollama' });
      await expect.poll(() => ollamaRow.innerText()).toContain('Connected');
      const models = page.getByRole('list', { name: 'Models of Ollama' });
      await expect.poll(() => models.innerText()).toContain('qwen2.5-coder:7b');
      await models.getByRole('button', { name: 'Check tool support' }).first().click();
      await expect.poll(() => models.innerText()).toContain('32k context');
      expect(await models.innerText()).toContain('tools');

      // An OpenAI-compatible endpoint with a key: the key goes in, and only its last characters come back.
      await page.getByRole('button', { name: 'Add a provider…' }).click();
      const form = page.getByRole('form', { name: 'Add a model provider' });
      await form.getByLabel('Type').selectOption('custom');
      await form.getByLabel('Name').fill('Team gateway');
      await form.getByLabel('Endpoint URL').fill(gateway.openaiUrl);
      await form.getByLabel('API key').fill(hostedKey);
      await form.screenshot({ path: join(shots, 'model-add-provider.png') });
      await form.getByRole('button', { name: 'Add provider' }).click();
      const gatewayRow = page.getByRole('listitem', { name: 'Team gateway' });
      await expect.poll(() => gatewayRow.innerText()).toContain('Connected');
      expect(await gatewayRow.innerText()).toContain(`Key ••••${hostedKey.slice(-4)}`);
      expect(await page.content()).not.toContain(hostedKey);

      // Default model for agents.
      await page.getByLabel('Agent: provider').selectOption({ label: 'Ollama' });
      await page.getByLabel('Agent: model').fill('qwen2.5-coder:7b');
      await page.getByLabel('Agent: model').blur();
      await expect
        .poll(() => running.backend.settings.get().models.defaults.agent)
        .toEqual({ providerId: 'ollama', model: 'qwen2.5-coder:7b' });
      // Choosing a model probes nothing; the user checks its tool support with the button.
      await page.getByLabel('Quick edits: provider').selectOption({ label: 'Ollama' });
      await page.getByLabel('Quick edits: model').fill('llama3.2:3b');
      await page.getByLabel('Quick edits: model').blur();
      await expect
        .poll(() => running.backend.settings.get().models.defaults.quick)
        .toEqual({ providerId: 'ollama', model: 'llama3.2:3b' });
      expect(ollama.requests.filter((r) => r.path === '/api/show')).toHaveLength(1);
      await models.getByRole('button', { name: 'Check tool support' }).click();
      await expect.poll(() => ollama.requests.filter((r) => r.path === '/api/show').length).toBe(2);
      await expect.poll(async () => (await models.innerText()).match(/tools/g)?.length).toBe(2);

      // Usage from real calls through the doubles, attributed to a project.
      for (const text of ['first', 'second']) {
        ollama.enqueue({ text, usage: { input: 1800, output: 600 } });
        await running.backend.models.complete(
          'ollama',
          { model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: text }] },
          { attribution: { projectId: 'demo-project' } },
        );
      }
      gateway.enqueue({ text: 'hosted', usage: { input: 120_000, output: 30_000 } });
      await running.backend.models.complete('team-gateway', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      });
      // The usage view refreshes by itself as calls are recorded.
      const usage = page.getByRole('table', { name: 'Usage per project' });
      await expect.poll(() => usage.innerText()).toContain('demo-project');
      await expect.poll(() => usage.innerText()).toContain('No project');
      await page.getByLabel('Usage period').selectOption('7');

      // Offline: a badge in the status bar; the hosted API is refused by name; Ollama still answers.
      await page.getByLabel('Offline mode').click();
      await page.getByTestId('offline-badge').waitFor();
      const anthropicRow = page.getByRole('listitem', { name: 'Anthropic' });
      await anthropicRow.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => anthropicRow.innerText()).toContain('Blocked by offline mode');
      expect(await anthropicRow.innerText()).toContain('api.anthropic.com');
      await ollamaRow.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => ollamaRow.innerText()).toContain('Connected');
      ollama.enqueue({ text: 'Hello from a local model.', usage: { input: 12, output: 6 } });
      await models.getByRole('button', { name: 'Try' }).first().click();
      const tryForm = page.getByRole('form', { name: 'Try qwen2.5-coder:7b' });
      await tryForm.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => tryForm.innerText()).toContain('Hello from a local model.');
      expect(await tryForm.innerText()).toContain('12 in · 6 out');
      expect(await tryForm.innerText()).toContain('$0.0000');

      await expect.poll(() => models.innerText()).toContain('32k context');
      await page.getByRole('region', { name: 'Models' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'model-settings.png'), fullPage: true });
      await page.getByTestId('status-bar').screenshot({ path: join(shots, 'status-bar-offline.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await running.stop();
    }
  });
});
