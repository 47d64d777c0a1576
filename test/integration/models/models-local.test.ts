import { describe, expect, it } from 'vitest';
import { FakeModelServer } from '../../doubles/fake-model';
import { call, useModelFixture } from '../../helpers/models';

const m = useModelFixture();

describe('local models', () => {
  it('uses the text tool protocol for a model without native tools', async () => {
    m.start();
    const id = await m.addLocal('text');
    m.fake.enqueue({ text: '<tool_call>{"name": "read_file", "arguments": {"path": "README.md"}}</tool_call>' });
    const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }];
    const result = await m.backend.models.complete(id, {
      model: 'qwen',
      system: 'You code.',
      messages: [{ role: 'user', content: 'read it' }],
      tools,
    });
    expect(result.stopReason).toBe('tool_use');
    expect(result.toolCalls).toMatchObject([{ name: 'read_file', arguments: { path: 'README.md' } }]);
    const sent = m.fake.calls[0]!.body as { tools?: unknown; messages: { role: string; content: string }[] };
    expect(sent.tools).toBeUndefined();
    expect(sent.messages[0]!.content).toContain('<tool_call>');
  });

  it('falls back to the text protocol when a local server refuses tools, and remembers it', async () => {
    m.start();
    const id = await m.addLocal();
    const tools = [{ name: 'read_file', description: 'Read a file', parameters: { type: 'object' } }];
    const request = { model: 'phi', messages: [{ role: 'user' as const, content: 'read it' }], tools };
    m.fake.enqueue(
      { fault: { kind: 'status', status: 400, message: 'registry.ollama.ai/library/phi does not support tools' } },
      { text: '```json\n{"name": "read_file", "arguments": {"path": "a.md"}}\n```' },
    );
    const result = await m.backend.models.complete(id, request);
    expect(result.toolCalls).toMatchObject([{ name: 'read_file', arguments: { path: 'a.md' } }]);
    expect((m.fake.calls[0]!.body as { tools?: unknown }).tools).toBeDefined();
    expect((m.fake.calls[1]!.body as { tools?: unknown }).tools).toBeUndefined();
    // The next call goes straight to the text protocol.
    m.fake.enqueue({ text: 'done' });
    await m.backend.models.complete(id, request);
    expect(m.fake.calls).toHaveLength(3);
    expect((m.fake.calls[2]!.body as { tools?: unknown }).tools).toBeUndefined();
  });

  it('finds Ollama on its port, probes tool support and gives the model a real context length', async () => {
    const ollama = await FakeModelServer.start({
      ollama: true,
      models: ['qwen2.5-coder:7b', 'qwen2.5-coder:7b-weft-32k'],
    });
    try {
      m.open({
        localModelPorts: { ollama: ollama.port, lmstudio: 1, llamacpp: m.fake.port },
      });
      const found = await call(m.backend, 'models.detectLocal');
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
      const saved = await call(m.backend, 'models.saveProvider', {
        kind: 'openai-compatible',
        flavor: 'ollama',
        name: 'Ollama',
        baseUrl: `http://localhost:${ollama.port}/v1`,
      });
      const id = (saved as { value: { id: string } }).value.id;
      // The same server under another loopback name counts as added.
      expect(await call(m.backend, 'models.detectLocal')).toMatchObject({ ok: true, value: [{ providerId: id }, {}] });
      expect(await call(m.backend, 'models.testConnection', { id })).toMatchObject({
        ok: true,
        value: { models: [{ id: 'qwen2.5-coder:7b' }] },
      });
      expect(await call(m.backend, 'models.probeModel', { id, model: 'qwen2.5-coder:7b' })).toMatchObject({
        ok: true,
        value: { toolSupport: 'native', contextLength: 32768 },
      });
      expect(ollama.requests.find((r) => r.path === '/api/create')?.body).toEqual({
        model: 'qwen2.5-coder:7b-weft-32k',
        from: 'qwen2.5-coder:7b',
        parameters: { num_ctx: 32768 },
        stream: false,
      });
      await call(m.backend, 'models.ask', { providerId: id, model: 'qwen2.5-coder:7b', prompt: 'hi' });
      expect(ollama.calls[0]!.body).toMatchObject({ model: 'qwen2.5-coder:7b-weft-32k' });
    } finally {
      await ollama.close();
    }
  });

  it('probes a generic server by asking it to call a tool', async () => {
    m.start();
    const id = await m.addLocal();
    m.fake.enqueue({ text: 'I cannot call tools, it is noon.' });
    expect(await call(m.backend, 'models.probeModel', { id, model: 'tiny' })).toMatchObject({
      ok: true,
      value: { toolSupport: 'text' },
    });
    m.fake.enqueue({ toolCalls: [{ name: 'get_time', arguments: {} }] });
    expect(await call(m.backend, 'models.probeModel', { id, model: 'big' })).toMatchObject({
      ok: true,
      value: { toolSupport: 'native' },
    });
    const test = await call(m.backend, 'models.testConnection', { id });
    expect(test).toMatchObject({ ok: true, value: { models: [{ id: 'fake-model' }, { id: 'fake-model-large' }] } });
  });
});
