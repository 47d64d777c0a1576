import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, useModelFixture } from '../../helpers/models';

const m = useModelFixture();

describe('usage, cost and budgets', () => {
  it('records every call with tokens and a cost that match what the provider reported', async () => {
    m.start({ ANTHROPIC_API_KEY: 'sk-ant-usage-000000000000000' });
    await call(m.backend, 'models.saveProvider', {
      id: 'anthropic',
      kind: 'anthropic',
      name: 'Anthropic',
      baseUrl: m.fake.anthropicUrl,
    });
    const usages = [
      { input: 1200, output: 300, cacheRead: 5000, cacheWrite: 0 },
      { input: 800, output: 150, cacheRead: 0, cacheWrite: 2000 },
      { input: 50, output: 10 },
    ];
    m.fake.enqueue(...usages.map((usage) => ({ text: 'ok', usage })));
    for (let i = 0; i < usages.length; i++) {
      await m.backend.models.complete(
        'anthropic',
        { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: `call ${i}` }] },
        { attribution: { projectId: 'proj-1', runId: 'run-1', nodeId: `node-${i}` } },
      );
    }
    const rows = m.backend.store.sqlite
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

    const days = await call(m.backend, 'models.usage', { days: 7 });
    expect(days).toMatchObject({
      ok: true,
      value: [{ projectId: 'proj-1', inputTokens: 2050, outputTokens: 460, calls: 3 }],
    });
    expect((days as { value: { costUsd: number }[] }).value[0]!.costUsd).toBeCloseTo(expected, 9);
    expect(await call(m.backend, 'models.usage', { days: 7, projectId: 'proj-2' })).toEqual({ ok: true, value: [] });
  });

  it('charges nothing for a local server, but prices a hosted model behind a local proxy', async () => {
    m.start();
    const proxy = await m.addLocal(); // a custom endpoint on loopback, e.g. a LiteLLM proxy
    const saved = await call(m.backend, 'models.saveProvider', {
      kind: 'openai-compatible',
      flavor: 'ollama',
      name: 'Ollama',
      baseUrl: m.fake.openaiUrl,
    });
    const ollamaId = (saved as { value: { id: string } }).value.id;
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    m.fake.enqueue(
      { text: 'a', usage: { input: 1_000_000, output: 0 } },
      { text: 'b', usage: { input: 1_000_000, output: 0 } },
    );
    expect((await m.backend.models.complete(proxy, request)).costUsd).toBeCloseTo(0.15, 9);
    expect((await m.backend.models.complete(ollamaId, request)).costUsd).toBe(0);
    m.fake.enqueue({ text: 'c', usage: { input: 1_000_000, output: 0 } });
    expect((await m.backend.models.complete(proxy, { ...request, model: 'qwen2.5-coder:7b' })).costUsd).toBe(0);
  });

  it('prices calls from the editable price table in the data folder', async () => {
    m.start({ OPENAI_API_KEY: 'sk-openai-prices-0000000000000' });
    await call(m.backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: m.fake.openaiUrl,
    });
    const file = join(m.dataDir, 'model-prices.json');
    const request = { model: 'house-model-1', messages: [{ role: 'user' as const, content: 'hi' }] };
    m.fake.enqueue({ text: 'a', usage: { input: 1_000_000, output: 1_000_000 } });
    expect((await m.backend.models.complete('openai', request)).costUsd).toBeNull(); // not in the table: unknown, not $0
    writeFileSync(file, JSON.stringify({ models: [{ match: 'house-model-*', input: 2, output: 4 }] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    m.fake.enqueue({ text: 'b', usage: { input: 1_000_000, output: 1_000_000 } });
    expect((await m.backend.models.complete('openai', request)).costUsd).toBeCloseTo(6, 9);
    writeFileSync(file, '{ not json');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    m.fake.enqueue({ text: 'c', usage: { input: 1_000_000, output: 0 } });
    expect((await m.backend.models.complete('openai', { ...request, model: 'gpt-4o' })).costUsd).toBeCloseTo(2.5, 9);
  });

  it('stops a run at its token budget before making another request', async () => {
    m.start();
    const id = await m.addLocal();
    const budgets = [{ scope: 'run' as const, id: 'run-7', maxTokens: 1000 }];
    const turn = () =>
      m.backend.models.complete(
        id,
        { model: 'm', messages: [{ role: 'user', content: 'next' }] },
        { attribution: { runId: 'run-7' }, budgets },
      );
    m.fake.enqueue(
      { text: 'one', usage: { input: 400, output: 200 } },
      { text: 'two', usage: { input: 500, output: 100 } },
    );
    await turn();
    await turn();
    await expect(turn()).rejects.toMatchObject({
      code: 'budget_exceeded',
      message: expect.stringContaining('Run run-7'),
    });
    expect(m.fake.calls).toHaveLength(2);
    // Another run is not affected.
    await m.backend.models.complete(
      id,
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { attribution: { runId: 'run-8' }, budgets: [{ scope: 'run', id: 'run-8', maxTokens: 1000 }] },
    );
  });

  it('stops a workflow at its money budget', async () => {
    m.start({ OPENAI_API_KEY: 'sk-openai-budget-00000000000' });
    await call(m.backend, 'models.saveProvider', {
      id: 'openai',
      kind: 'openai',
      name: 'OpenAI',
      baseUrl: m.fake.openaiUrl,
    });
    const budgets = [{ scope: 'workflow' as const, id: 'wf-1', maxCostUsd: 0.01 }];
    m.fake.enqueue({ text: 'pricey', usage: { input: 1000, output: 1000 } }); // gpt-4o: $0.0125
    const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'go' }] };
    await m.backend.models.complete('openai', request, { attribution: { workflowId: 'wf-1' }, budgets });
    await expect(
      m.backend.models.complete('openai', request, { attribution: { workflowId: 'wf-1' }, budgets }),
    ).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
  });
});

describe('response cache and templates', () => {
  it('answers an identical deterministic call from the cache, but never an agent turn', async () => {
    m.start();
    const id = await m.addLocal();
    const request = { model: 'm', temperature: 0, messages: [{ role: 'user' as const, content: 'summarise x' }] };
    const first = await m.backend.models.complete(id, request, { purpose: 'summary' });
    const second = await m.backend.models.complete(id, request, { purpose: 'summary' });
    expect(second).toMatchObject({ text: first.text, cached: true });
    expect(m.fake.calls).toHaveLength(1);
    await m.backend.models.complete(id, request, { purpose: 'agent' });
    await m.backend.models.complete(id, { ...request, temperature: 0.7 }, { purpose: 'summary' });
    expect(m.fake.calls).toHaveLength(3);

    // Answers older than 30 days are dropped at the next start.
    m.backend.store.sqlite.prepare('update model_response_cache set created_at = ?').run(Date.now() - 31 * 86_400_000);
    await m.backend.dispose();
    m.open({ dataDir: m.dataDir });
    await m.backend.models.complete(id, request, { purpose: 'summary' });
    expect(m.fake.calls).toHaveLength(4);
  });

  it('renders a named template with its variables', async () => {
    m.start();
    const id = await m.addLocal();
    await call(m.backend, 'models.saveTemplate', { name: 'summarise', body: 'Summarise {{file}} in {{words}} words.' });
    await m.backend.models.completeTemplate(id, 'm', 'summarise', { file: 'a.ts', words: '20' });
    expect((m.fake.calls[0]!.body as { messages: { content: string }[] }).messages[0]!.content).toBe(
      'Summarise a.ts in 20 words.',
    );
    await expect(m.backend.models.completeTemplate(id, 'm', 'summarise', { file: 'a.ts' })).rejects.toMatchObject({
      code: 'template_variable_missing',
    });
    expect(await call(m.backend, 'models.templates')).toMatchObject({ ok: true, value: [{ name: 'summarise' }] });
  });
});
