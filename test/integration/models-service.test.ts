import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/main/index';
import { FakeModelServer } from '../doubles/fake-model';
import { call, modelBackend } from '../helpers/models';

let fake: FakeModelServer;
let backend: Backend;
let dataDir: string;

beforeEach(async () => {
  fake = await FakeModelServer.start();
});
afterEach(async () => {
  await backend?.dispose();
  await fake.close();
});

function start(env: Record<string, string> = {}) {
  ({ backend, dataDir } = modelBackend({ env }));
}

async function addLocal(toolMode: 'auto' | 'native' | 'text' = 'auto'): Promise<string> {
  const reply = await call(backend, 'models.saveProvider', {
    kind: 'openai-compatible',
    flavor: 'custom',
    name: 'Local double',
    baseUrl: fake.openaiUrl,
    toolMode,
  });
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { id: string }).id;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const nonLoopbackIPv4 = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('offline mode', () => {
  it('refuses a non-loopback host before any I/O, naming it, and allows it again when off', async () => {
    if (!nonLoopbackIPv4) return; // needs an address of this machine that is not loopback
    const remote = await FakeModelServer.start({ host: nonLoopbackIPv4 });
    try {
      start();
      const saved = await call(backend, 'models.saveProvider', {
        kind: 'openai-compatible',
        name: 'Gateway',
        baseUrl: `http://${nonLoopbackIPv4}:${remote.port}/v1`,
      });
      const id = (saved as { value: { id: string } }).value.id;
      await call(backend, 'settings.update', { models: { offline: true } });
      for (const [channel, input] of [
        ['models.ask', { providerId: id, model: 'm', prompt: 'hi' }],
        ['models.testConnection', { id }],
        ['models.probeModel', { id, model: 'm' }],
      ] as const) {
        const reply = await call(backend, channel, input);
        expect(reply).toMatchObject({ ok: false, error: { code: 'offline_blocked' } });
        expect((reply as { error: { message: string } }).error.message).toContain(`${nonLoopbackIPv4}:${remote.port}`);
      }
      expect(remote.requests).toHaveLength(0);

      await call(backend, 'settings.update', { models: { offline: false } });
      expect(await call(backend, 'models.ask', { providerId: id, model: 'm', prompt: 'hi' })).toMatchObject({
        ok: true,
      });
      expect(remote.calls).toHaveLength(1);
    } finally {
      await remote.close();
    }
  });

  it('refuses the hosted APIs by name and keeps a local server working', async () => {
    start({ ANTHROPIC_API_KEY: 'sk-ant-env-000000000000000000' });
    await call(backend, 'settings.update', { models: { offline: true } });
    const blocked = await call(backend, 'models.ask', {
      providerId: 'anthropic',
      model: 'claude-sonnet-4-6',
      prompt: 'hi',
    });
    expect(blocked).toMatchObject({
      ok: false,
      error: { code: 'offline_blocked', message: expect.stringContaining('api.anthropic.com') },
    });
    const id = await addLocal();
    fake.enqueue({ text: 'Local and offline.' });
    expect(await call(backend, 'models.ask', { providerId: id, model: 'qwen', prompt: 'hi' })).toMatchObject({
      ok: true,
      value: { text: 'Local and offline.', costUsd: 0 },
    });
  });
});

describe('API keys', () => {
  const planted = 'sk-ant-PLANTED-9f3k2LmQx7Vb1Nc8Zr4Tw6Yh';

  it('stores keys encrypted, shows them masked, and never writes them to logs, events, errors or the database', async () => {
    const keyed = await FakeModelServer.start({ apiKey: planted });
    try {
      start();
      const events: string[] = [];
      backend.events.subscribe((channel, payload) => events.push(JSON.stringify({ channel, payload })));
      const saved = await call(backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        baseUrl: keyed.anthropicUrl,
        apiKey: planted,
      });
      expect(saved).toMatchObject({
        ok: true,
        value: { keySource: 'stored', keyHint: '••••Yh'.replace('Yh', planted.slice(-4)) },
      });
      const listed = await call(backend, 'models.providers');

      // Round trip: the decrypted key reaches the provider.
      keyed.enqueue({ text: 'authorised' });
      expect(
        await call(backend, 'models.ask', { providerId: 'anthropic', model: 'claude-haiku-4-5', prompt: 'hi' }),
      ).toMatchObject({
        ok: true,
        value: { text: 'authorised' },
      });

      // A wrong key: the server echoes it back in its error, as real APIs do; Weft must not pass it on.
      const wrong = 'sk-ant-WRONG-aaaaaaaaaaaaaaaaaaaaaaaa';
      await call(backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        apiKey: wrong,
      });
      const refused = await call(backend, 'models.ask', {
        providerId: 'anthropic',
        model: 'claude-haiku-4-5',
        prompt: 'hi',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'model_auth_failed' } });
      expect(JSON.stringify(refused)).not.toContain(wrong);
      // Put the planted key back so it is the one at rest.
      await call(backend, 'models.saveProvider', {
        id: 'anthropic',
        kind: 'anthropic',
        name: 'Anthropic',
        apiKey: planted,
      });
      expect(JSON.stringify(listed)).not.toContain(planted);
      expect(events.join('\n')).not.toContain(planted);
      await backend.dispose();

      const keyFile = join(dataDir, 'secret.key');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const files = filesUnder(dataDir);
      expect(files.some((f) => f.endsWith('weft.db'))).toBe(true);
      expect(files.some((f) => f.endsWith('weft.log'))).toBe(true);
      for (const file of files) {
        const bytes = readFileSync(file);
        expect(bytes.includes(planted), file).toBe(false);
        expect(bytes.includes(wrong), file).toBe(false);
      }

      // A fresh start decrypts the stored key again.
      ({ backend } = modelBackend({ dataDir }));
      keyed.enqueue({ text: 'still authorised' });
      expect(
        await call(backend, 'models.ask', { providerId: 'anthropic', model: 'claude-haiku-4-5', prompt: 'hi' }),
      ).toMatchObject({
        ok: true,
        value: { text: 'still authorised' },
      });
    } finally {
      await keyed.close();
    }
  });

  it('picks up ANTHROPIC_API_KEY and OPENAI_API_KEY from the environment', async () => {
    start({ ANTHROPIC_API_KEY: 'sk-ant-from-env-1111111111111', OPENAI_API_KEY: 'sk-openai-env-2222222222222' });
    const listed = (await call(backend, 'models.providers')) as {
      value: { id: string; keySource: string; keyHint: string }[];
    };
    expect(listed.value.filter((p) => p.id === 'anthropic' || p.id === 'openai')).toEqual([
      expect.objectContaining({ id: 'anthropic', keySource: 'env', keyHint: '••••1111' }),
      expect.objectContaining({ id: 'openai', keySource: 'env', keyHint: '••••2222' }),
    ]);
    await call(backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: fake.openaiUrl,
    });
    await call(backend, 'models.ask', { providerId: 'openai', model: 'gpt-4o-mini', prompt: 'hi' });
    expect(fake.calls[0]!.headers.authorization).toBe('Bearer sk-openai-env-2222222222222');
  });

  it('asks for a key instead of calling a hosted API without one', async () => {
    start();
    const reply = await call(backend, 'models.ask', { providerId: 'openai', model: 'gpt-4o', prompt: 'hi' });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'model_auth_failed', message: expect.stringContaining('OPENAI_API_KEY') },
    });
  });
});

describe('usage, cost and budgets', () => {
  it('records every call with tokens and a cost that match what the provider reported', async () => {
    start({ ANTHROPIC_API_KEY: 'sk-ant-usage-000000000000000' });
    await call(backend, 'models.saveProvider', {
      id: 'anthropic',
      kind: 'anthropic',
      name: 'Anthropic',
      baseUrl: fake.anthropicUrl,
    });
    const usages = [
      { input: 1200, output: 300, cacheRead: 5000, cacheWrite: 0 },
      { input: 800, output: 150, cacheRead: 0, cacheWrite: 2000 },
      { input: 50, output: 10 },
    ];
    fake.enqueue(...usages.map((usage) => ({ text: 'ok', usage })));
    for (let i = 0; i < usages.length; i++) {
      await backend.models.complete(
        'anthropic',
        { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: `call ${i}` }] },
        { attribution: { projectId: 'proj-1', runId: 'run-1', nodeId: `node-${i}` } },
      );
    }
    const rows = backend.store.sqlite
      .prepare(
        'select input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, run_id, node_id from model_usage',
      )
      .all() as Record<string, number | string>[];
    expect(rows).toHaveLength(3);
    const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k]), 0);
    expect(sum('input_tokens')).toBe(2050);
    expect(sum('output_tokens')).toBe(460);
    expect(sum('cache_read_tokens')).toBe(5000);
    expect(sum('cache_write_tokens')).toBe(2000);
    // Sonnet: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens.
    const expected = (2050 * 3 + 460 * 15 + 5000 * 0.3 + 2000 * 3.75) / 1_000_000;
    expect(sum('cost_usd')).toBeCloseTo(expected, 9);
    expect(rows.map((r) => r.node_id)).toEqual(['node-0', 'node-1', 'node-2']);

    const days = await call(backend, 'models.usage', { days: 7 });
    expect(days).toMatchObject({
      ok: true,
      value: [{ projectId: 'proj-1', inputTokens: 2050, outputTokens: 460, calls: 3 }],
    });
    expect((days as { value: { costUsd: number }[] }).value[0]!.costUsd).toBeCloseTo(expected, 9);
    expect(await call(backend, 'models.usage', { days: 7, projectId: 'proj-2' })).toEqual({ ok: true, value: [] });
  });

  it('charges nothing for a local server, but prices a hosted model behind a local proxy', async () => {
    start();
    const proxy = await addLocal(); // a custom endpoint on loopback, e.g. a LiteLLM proxy
    const saved = await call(backend, 'models.saveProvider', {
      kind: 'openai-compatible',
      flavor: 'ollama',
      name: 'Ollama',
      baseUrl: fake.openaiUrl,
    });
    const ollamaId = (saved as { value: { id: string } }).value.id;
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    fake.enqueue(
      { text: 'a', usage: { input: 1_000_000, output: 0 } },
      { text: 'b', usage: { input: 1_000_000, output: 0 } },
    );
    expect((await backend.models.complete(proxy, request)).costUsd).toBeCloseTo(0.15, 9);
    expect((await backend.models.complete(ollamaId, request)).costUsd).toBe(0);
    fake.enqueue({ text: 'c', usage: { input: 1_000_000, output: 0 } });
    expect((await backend.models.complete(proxy, { ...request, model: 'qwen2.5-coder:7b' })).costUsd).toBe(0);
  });

  it('prices calls from the editable price table in the data folder', async () => {
    start({ OPENAI_API_KEY: 'sk-openai-prices-0000000000000' });
    await call(backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: fake.openaiUrl,
    });
    const file = join(dataDir, 'model-prices.json');
    const request = { model: 'house-model-1', messages: [{ role: 'user' as const, content: 'hi' }] };
    fake.enqueue({ text: 'a', usage: { input: 1_000_000, output: 1_000_000 } });
    expect((await backend.models.complete('openai', request)).costUsd).toBeNull(); // not in the table: unknown, not $0
    writeFileSync(file, JSON.stringify({ models: [{ match: 'house-model-*', input: 2, output: 4 }] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    fake.enqueue({ text: 'b', usage: { input: 1_000_000, output: 1_000_000 } });
    expect((await backend.models.complete('openai', request)).costUsd).toBeCloseTo(6, 9);
    writeFileSync(file, '{ not json');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    fake.enqueue({ text: 'c', usage: { input: 1_000_000, output: 0 } });
    expect((await backend.models.complete('openai', { ...request, model: 'gpt-4o' })).costUsd).toBeCloseTo(2.5, 9);
  });

  it('stops a run at its token budget before making another request', async () => {
    start();
    const id = await addLocal();
    const budgets = [{ scope: 'run' as const, id: 'run-7', maxTokens: 1000 }];
    const turn = () =>
      backend.models.complete(
        id,
        { model: 'm', messages: [{ role: 'user', content: 'next' }] },
        { attribution: { runId: 'run-7' }, budgets },
      );
    fake.enqueue(
      { text: 'one', usage: { input: 400, output: 200 } },
      { text: 'two', usage: { input: 500, output: 100 } },
    );
    await turn();
    await turn();
    await expect(turn()).rejects.toMatchObject({
      code: 'budget_exceeded',
      message: expect.stringContaining('Run run-7'),
    });
    expect(fake.calls).toHaveLength(2);
    // Another run is not affected.
    await backend.models.complete(
      id,
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { attribution: { runId: 'run-8' }, budgets: [{ scope: 'run', id: 'run-8', maxTokens: 1000 }] },
    );
  });

  it('stops a workflow at its money budget', async () => {
    start({ OPENAI_API_KEY: 'sk-openai-budget-00000000000' });
    await call(backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: fake.openaiUrl,
    });
    const budgets = [{ scope: 'workflow' as const, id: 'wf-1', maxCostUsd: 0.01 }];
    fake.enqueue({ text: 'pricey', usage: { input: 1000, output: 1000 } }); // gpt-4o: $0.0125
    const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'go' }] };
    await backend.models.complete('openai', request, { attribution: { workflowId: 'wf-1' }, budgets });
    await expect(
      backend.models.complete('openai', request, { attribution: { workflowId: 'wf-1' }, budgets }),
    ).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
  });
});

describe('local models', () => {
  it('uses the text tool protocol for a model without native tools', async () => {
    start();
    const id = await addLocal('text');
    fake.enqueue({ text: '<tool_call>{"name": "read_file", "arguments": {"path": "README.md"}}</tool_call>' });
    const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }];
    const result = await backend.models.complete(id, {
      model: 'qwen',
      system: 'You code.',
      messages: [{ role: 'user', content: 'read it' }],
      tools,
    });
    expect(result.stopReason).toBe('tool_use');
    expect(result.toolCalls).toMatchObject([{ name: 'read_file', arguments: { path: 'README.md' } }]);
    const sent = fake.calls[0]!.body as { tools?: unknown; messages: { role: string; content: string }[] };
    expect(sent.tools).toBeUndefined();
    expect(sent.messages[0]!.content).toContain('<tool_call>');
  });

  it('falls back to the text protocol when a local server refuses tools, and remembers it', async () => {
    start();
    const id = await addLocal();
    const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }];
    const request = { model: 'phi', messages: [{ role: 'user' as const, content: 'read it' }], tools };
    fake.enqueue(
      { fault: { kind: 'status', status: 400, message: 'registry.ollama.ai/library/phi does not support tools' } },
      { text: '```json\n{"name": "read_file", "arguments": {"path": "a.md"}}\n```' },
    );
    const result = await backend.models.complete(id, request);
    expect(result.toolCalls).toMatchObject([{ name: 'read_file', arguments: { path: 'a.md' } }]);
    expect((fake.calls[0]!.body as { tools?: unknown }).tools).toBeDefined();
    expect((fake.calls[1]!.body as { tools?: unknown }).tools).toBeUndefined();
    // The next call goes straight to the text protocol.
    fake.enqueue({ text: 'done' });
    await backend.models.complete(id, request);
    expect(fake.calls).toHaveLength(3);
    expect((fake.calls[2]!.body as { tools?: unknown }).tools).toBeUndefined();
  });

  it('finds Ollama on its port, probes tool support and gives the model a real context length', async () => {
    const ollama = await FakeModelServer.start({ ollama: true, models: ['qwen2.5-coder:7b'] });
    try {
      ({ backend, dataDir } = modelBackend({
        localModelPorts: { ollama: ollama.port, lmstudio: 1, llamacpp: fake.port },
      }));
      const found = await call(backend, 'models.detectLocal');
      expect(found).toMatchObject({
        ok: true,
        value: [
          {
            flavor: 'ollama',
            baseUrl: `http://127.0.0.1:${ollama.port}/v1`,
            models: ['qwen2.5-coder:7b'],
            providerId: null,
          },
          { flavor: 'llamacpp', models: ['fake-model', 'fake-model-large'] },
        ],
      });
      const saved = await call(backend, 'models.saveProvider', {
        kind: 'openai-compatible',
        flavor: 'ollama',
        name: 'Ollama',
        baseUrl: `http://127.0.0.1:${ollama.port}/v1`,
      });
      const id = (saved as { value: { id: string } }).value.id;
      expect(await call(backend, 'models.probeModel', { id, model: 'qwen2.5-coder:7b' })).toMatchObject({
        ok: true,
        value: { toolSupport: 'native', contextLength: 32768 },
      });
      expect(ollama.requests.find((r) => r.path === '/api/create')?.body).toEqual({
        model: 'qwen2.5-coder:7b-weft-32k',
        from: 'qwen2.5-coder:7b',
        parameters: { num_ctx: 32768 },
        stream: false,
      });
      await call(backend, 'models.ask', { providerId: id, model: 'qwen2.5-coder:7b', prompt: 'hi' });
      expect(ollama.calls[0]!.body).toMatchObject({ model: 'qwen2.5-coder:7b-weft-32k' });
    } finally {
      await ollama.close();
    }
  });

  it('probes a generic server by asking it to call a tool', async () => {
    start();
    const id = await addLocal();
    fake.enqueue({ text: 'I cannot call tools, it is noon.' });
    expect(await call(backend, 'models.probeModel', { id, model: 'tiny' })).toMatchObject({
      ok: true,
      value: { toolSupport: 'text' },
    });
    fake.enqueue({ toolCalls: [{ name: 'get_time', arguments: {} }] });
    expect(await call(backend, 'models.probeModel', { id, model: 'big' })).toMatchObject({
      ok: true,
      value: { toolSupport: 'native' },
    });
    const test = await call(backend, 'models.testConnection', { id });
    expect(test).toMatchObject({ ok: true, value: { models: [{ id: 'fake-model' }, { id: 'fake-model-large' }] } });
  });
});

describe('response cache and templates', () => {
  it('answers an identical deterministic call from the cache, but never an agent turn', async () => {
    start();
    const id = await addLocal();
    const request = { model: 'm', temperature: 0, messages: [{ role: 'user' as const, content: 'summarise x' }] };
    const first = await backend.models.complete(id, request, { purpose: 'summary' });
    const second = await backend.models.complete(id, request, { purpose: 'summary' });
    expect(second).toMatchObject({ text: first.text, cached: true });
    expect(fake.calls).toHaveLength(1);
    await backend.models.complete(id, request, { purpose: 'agent' });
    await backend.models.complete(id, { ...request, temperature: 0.7 }, { purpose: 'summary' });
    expect(fake.calls).toHaveLength(3);
  });

  it('renders a named template with its variables', async () => {
    start();
    const id = await addLocal();
    await call(backend, 'models.saveTemplate', { name: 'summarise', body: 'Summarise {{file}} in {{words}} words.' });
    await backend.models.completeTemplate(id, 'm', 'summarise', { file: 'a.ts', words: '20' });
    expect((fake.calls[0]!.body as { messages: { content: string }[] }).messages[0]!.content).toBe(
      'Summarise a.ts in 20 words.',
    );
    await expect(backend.models.completeTemplate(id, 'm', 'summarise', { file: 'a.ts' })).rejects.toMatchObject({
      code: 'template_variable_missing',
    });
    expect(await call(backend, 'models.templates')).toMatchObject({ ok: true, value: [{ name: 'summarise' }] });
  });
});
