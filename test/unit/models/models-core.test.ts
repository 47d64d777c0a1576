import { describe, expect, it } from 'vitest';
import { assertWithinBudget } from '../../../src/main/models/core/budget';
import { canonicalJson } from '../../../src/main/models/core/canonical';
import { costOf, findPrice, priceTableSchema } from '../../../src/main/models/core/cost';
import { assertNetworkAllowed, guardedFetch, isLoopbackUrl } from '../../../src/main/models/core/network-policy';
import { parseRetryAfter, retryDelay, defaultRetryPolicy } from '../../../src/main/models/core/retry';
import { chooseNumCtx, derivedOllamaModel, isDerivedOllamaModel } from '../../../src/main/models/local/detect';
import { renderTemplate, templateVariables } from '../../../src/main/models/core/templates';
import { parseTextToolCalls, toTextProtocol, toolProtocolPrompt } from '../../../src/main/models/core/tool-text';
import prices from '../../../src/main/models/prices.json';

describe('offline policy', () => {
  it('knows loopback addresses by their literal form only', () => {
    for (const url of [
      'http://localhost:11434/v1',
      'http://127.0.0.1:1234',
      'http://[::1]:8080/v1',
      'http://127.8.9.10',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://api.anthropic.com',
      'http://192.168.1.5:11434',
      'http://0.0.0.0:1234',
      'http://localhost.evil.com',
      'nonsense',
    ]) {
      expect(isLoopbackUrl(url), url).toBe(false);
    }
  });

  it('refuses a remote host while offline, naming it, and allows loopback', () => {
    expect(() => assertNetworkAllowed('https://api.openai.com/v1', true)).toThrow(
      expect.objectContaining({ code: 'offline_blocked', message: expect.stringContaining('api.openai.com') }),
    );
    expect(() => assertNetworkAllowed('http://127.0.0.1:11434/v1', true)).not.toThrow();
    expect(() => assertNetworkAllowed('https://api.openai.com/v1', false)).not.toThrow();
  });

  it('checks every request the SDKs make before the inner fetch runs', async () => {
    const reached: string[] = [];
    const inner = async (input: string | URL | Request) => {
      reached.push(String(input));
      return new Response('{}');
    };
    let offline = true;
    const fetch = guardedFetch(inner, () => offline);
    await expect(fetch('https://api.anthropic.com/v1/messages')).rejects.toMatchObject({ code: 'offline_blocked' });
    await fetch('http://localhost:11434/v1/models');
    offline = false;
    await fetch('https://api.anthropic.com/v1/messages');
    expect(reached).toEqual(['http://localhost:11434/v1/models', 'https://api.anthropic.com/v1/messages']);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter inside the doubling ceiling', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 350, maxRetryAfterMs: 1000 };
    expect(retryDelay(1, policy, undefined, 0)).toBe(50);
    expect(retryDelay(1, policy, undefined, 0.999)).toBe(100);
    expect(retryDelay(3, policy, undefined, 0.5)).toBe(263); // ceiling 350, not 400
  });

  it('honours retry-after, but not beyond the cap', () => {
    expect(retryDelay(1, defaultRetryPolicy, 3000, 0.5)).toBe(3000);
    expect(retryDelay(1, defaultRetryPolicy, 120_000, 0.5)).toBeUndefined();
  });

  it('reads retry-after as seconds, an HTTP date, or retry-after-ms', () => {
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    expect(parseRetryAfter(h({ 'retry-after': '7' }), 0)).toBe(7000);
    expect(parseRetryAfter(h({ 'retry-after-ms': '250', 'retry-after': '7' }), 0)).toBe(250);
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter(h({ 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }), 0)).toBeUndefined();
  });
});

describe('text tool protocol', () => {
  const tools = [{ name: 'read_file', description: 'Read', parameters: { type: 'object' } }];
  const id = (i: number) => `t${i}`;

  it('parses Qwen/Hermes <tool_call> tags, several in one answer', () => {
    const text =
      'Sure.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n</tool_call>\n<tool_call>{"name":"read_file","arguments":"{\\"path\\":\\"b\\"}"}</tool_call>';
    expect(parseTextToolCalls(text, tools, id)).toEqual({
      text: 'Sure.',
      calls: [
        { id: 't0', name: 'read_file', arguments: { path: 'a' } },
        { id: 't1', name: 'read_file', arguments: { path: 'b' } },
      ],
    });
  });

  it('parses a ```json block that names a known tool, and leaves other JSON alone', () => {
    const call = 'I will read it.\n```json\n{"name": "read_file", "arguments": {"path": "x"}}\n```';
    expect(parseTextToolCalls(call, tools, id).calls).toEqual([
      { id: 't0', name: 'read_file', arguments: { path: 'x' } },
    ]);
    const answer = 'Here is the config:\n```json\n{"port": 8080}\n```';
    expect(parseTextToolCalls(answer, tools, id)).toEqual({ text: answer, calls: [] });
  });

  it('reports broken JSON and unknown tools as tool errors', () => {
    const broken = parseTextToolCalls('<tool_call>{"name": "read_file", "arguments": {"path": </tool_call>', tools, id);
    expect(broken.calls[0]).toMatchObject({ name: 'read_file', arguments: {} });
    expect(broken.calls[0]!.parseError).toMatch(/not valid JSON/);
    const unknown = parseTextToolCalls('<tool_call>{"name": "rm_rf", "arguments": {}}</tool_call>', tools, id);
    expect(unknown.calls[0]!.parseError).toMatch(/no tool named "rm_rf"/);
  });

  it('describes the tools in the prompt and turns history into text turns', () => {
    expect(toolProtocolPrompt(tools)).toContain('"name":"read_file"');
    const history = toTextProtocol([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: '', toolCalls: [{ id: '1', name: 'read_file', arguments: { path: 'a' } }] },
      { role: 'tool', toolCallId: '1', name: 'read_file', content: 'A' },
      { role: 'tool', toolCallId: '2', name: 'read_file', content: 'B', isError: true },
    ]);
    expect(history).toEqual([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: '<tool_call>{"name":"read_file","arguments":{"path":"a"}}</tool_call>' },
      {
        role: 'user',
        content:
          '<tool_response name="read_file">\nA\n</tool_response>\n<tool_response name="read_file" error="true">\nB\n</tool_response>',
      },
    ]);
  });
});

describe('cost', () => {
  const table = priceTableSchema.parse(prices);

  it('prices a call from the bundled table, cache tokens at their own rates', () => {
    const price = findPrice(table, 'claude-sonnet-4-5-20250929');
    expect(price).toMatchObject({ input: 3, output: 15 });
    const cost = costOf(
      { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 0 },
      price,
      false,
    );
    expect(cost).toBeCloseTo(3 + 1.5 + 0.3, 6);
  });

  it('matches more specific entries first and ignores a gateway prefix', () => {
    expect(findPrice(table, 'gpt-4o-mini-2024-07-18')?.input).toBe(0.15);
    expect(findPrice(table, 'openai/gpt-4o')?.input).toBe(2.5);
  });

  it('charges nothing for local models and does not guess unknown ones', () => {
    const usage = { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(costOf(usage, findPrice(table, 'qwen2.5-coder:7b'), true)).toBe(0);
    expect(costOf(usage, findPrice(table, 'mystery-model'), false)).toBeNull();
  });
});

describe('templates, cache keys and budgets', () => {
  it('fills variables and refuses to render with one missing', () => {
    const body = 'Summarise {{ file }} for {{audience}}. Again: {{file}}';
    expect(templateVariables(body)).toEqual(['file', 'audience']);
    expect(renderTemplate('s', body, { file: 'a.ts', audience: 'reviewers' })).toBe(
      'Summarise a.ts for reviewers. Again: a.ts',
    );
    expect(() => renderTemplate('s', body, { file: 'a.ts' })).toThrow(
      expect.objectContaining({ code: 'template_variable_missing', message: expect.stringContaining('{{audience}}') }),
    );
  });

  it('gives equal requests equal keys whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }], c: undefined })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('stops a scope that has reached its token or money limit', () => {
    const budget = { scope: 'run' as const, id: 'r1', maxTokens: 1000, maxCostUsd: 0.5 };
    expect(() => assertWithinBudget(budget, { tokens: 999, costUsd: 0.1 })).not.toThrow();
    expect(() => assertWithinBudget(budget, { tokens: 1000, costUsd: 0.1 })).toThrow(
      expect.objectContaining({ code: 'budget_exceeded', message: expect.stringContaining('1,000-token budget') }),
    );
    expect(() => assertWithinBudget(budget, { tokens: 1, costUsd: 0.6 })).toThrow(/\$0\.50 budget/);
    // A budget under a cent keeps its digits instead of reading $0.00.
    expect(() =>
      assertWithinBudget({ scope: 'run', id: 'r2', maxCostUsd: 0.001 }, { tokens: 1, costUsd: 0.0014 }),
    ).toThrow(/spent \$0\.0014 of its \$0\.001 budget/);
  });
});

describe('Ollama context length', () => {
  it('asks for the model maximum up to 32k, and names the derived model after it', () => {
    expect(chooseNumCtx(131_072)).toBe(32_768);
    expect(chooseNumCtx(4096)).toBe(4096);
    expect(chooseNumCtx(null)).toBe(8192);
    expect(derivedOllamaModel('qwen2.5-coder:7b', 32_768)).toBe('qwen2.5-coder:7b-weft-32k');
    expect(derivedOllamaModel('llama3', 8192)).toBe('llama3:latest-weft-8k');
    expect(isDerivedOllamaModel('llama3:latest-weft-8k')).toBe(true);
    expect(isDerivedOllamaModel('qwen2.5-coder:7b')).toBe(false);
  });
});
