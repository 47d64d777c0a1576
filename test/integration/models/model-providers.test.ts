import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCall, finishCollected, type CallOptions } from '../../../src/main/models/call';
import { ModelError } from '../../../src/main/models/core/model-error';
import { guardedFetch } from '../../../src/main/models/core/network-policy';
import type { ModelRequest, ProviderEvent, ToolSpec } from '../../../src/main/models/core/types';
import { AnthropicProvider } from '../../../src/main/models/providers/anthropic';
import { OpenAiProvider } from '../../../src/main/models/providers/openai';
import type { ModelProvider } from '../../../src/main/models/providers/provider';
import { FakeModelServer } from '../../doubles/fake-model';
import { until } from '../../helpers/until';

let fake: FakeModelServer;
beforeEach(async () => {
  fake = await FakeModelServer.start();
});
afterEach(async () => {
  await fake.close();
});

type Kind = 'anthropic' | 'openai' | 'openai-compatible';
const kinds: Kind[] = ['anthropic', 'openai', 'openai-compatible'];

function provider(kind: Kind): ModelProvider {
  const connection = {
    label: `Fake ${kind}`,
    baseUrl: kind === 'anthropic' ? fake.anthropicUrl : fake.openaiUrl,
    apiKey: 'sk-test-key-123456789',
    fetch: guardedFetch(globalThis.fetch, () => false),
  };
  return kind === 'anthropic'
    ? new AnthropicProvider(connection)
    : new OpenAiProvider(connection, kind === 'openai-compatible');
}

const sleeps: number[] = [];
function options(extra: Partial<CallOptions> = {}): CallOptions {
  return {
    label: 'Fake',
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000 },
    firstTokenTimeoutMs: 2000,
    idleTimeoutMs: 2000,
    // Retries wait on this instead of the clock, so the tests stay fast and see the delays asked for.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => Date.now(),
    ...extra,
  };
}
beforeEach(() => {
  sleeps.length = 0;
});

const readFile: ToolSpec = {
  name: 'read_file',
  description: 'Read a file',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
const hello: ModelRequest = { model: 'fake-model', system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] };

describe.each(kinds)('%s provider against the wire double', (kind) => {
  it('streams text, reports usage and the stop reason', async () => {
    fake.enqueue({ text: 'The quick brown fox jumps over the lazy dog.', usage: { input: 42, output: 11 } });
    const deltas: string[] = [];
    const result = await runCall(
      provider(kind),
      hello,
      options({ onEvent: (e: ProviderEvent) => e.type === 'text' && deltas.push(e.delta) }),
    );
    expect(result.text).toBe('The quick brown fox jumps over the lazy dog.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(result.stopReason).toBe('end');
    expect(result.usage).toMatchObject({ inputTokens: 42, outputTokens: 11 });
    const sent = fake.calls[0]!;
    if (kind === 'anthropic') {
      expect(sent.body).toMatchObject({ system: 'Be brief.', stream: true, messages: [{ role: 'user' }] });
      expect(sent.headers['anthropic-version']).toBeTruthy();
      expect(sent.headers['x-api-key'] ?? sent.headers.authorization).toMatch(/sk-test-key-123456789$/);
    } else {
      expect(sent.body).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
      });
    }
  });

  it('assembles streamed tool-call deltas into one normalised call and sends results back in the provider form', async () => {
    fake.enqueue({ toolCalls: [{ name: 'read_file', arguments: { path: 'src/index.ts' } }] });
    const first = await runCall(provider(kind), { ...hello, tools: [readFile] }, options());
    expect(first.stopReason).toBe('tool_use');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call).toMatchObject({ name: 'read_file', arguments: { path: 'src/index.ts' } });
    expect(call.parseError).toBeUndefined();

    fake.enqueue({ text: 'It exports main.' });
    const second = await runCall(
      provider(kind),
      {
        ...hello,
        tools: [readFile],
        messages: [
          ...hello.messages,
          { role: 'assistant', content: '', toolCalls: [call] },
          { role: 'tool', toolCallId: call.id, name: 'read_file', content: 'export function main() {}' },
        ],
      },
      options(),
    );
    expect(second.text).toBe('It exports main.');
    const body = fake.calls[1]!.body as { messages: unknown[]; tools: unknown[] };
    if (kind === 'anthropic') {
      expect(body.tools).toEqual([
        { name: 'read_file', description: 'Read a file', input_schema: readFile.parameters },
      ]);
      expect(body.messages[1]).toEqual({
        role: 'assistant',
        content: [{ type: 'tool_use', id: call.id, name: 'read_file', input: { path: 'src/index.ts' } }],
      });
      expect(body.messages[2]).toEqual({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: call.id, content: 'export function main() {}', is_error: false }],
      });
    } else {
      expect(body.tools).toEqual([
        {
          type: 'function',
          function: { name: 'read_file', description: 'Read a file', parameters: readFile.parameters },
        },
      ]);
      expect(body.messages[2]).toEqual({
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: call.id, type: 'function', function: { name: 'read_file', arguments: '{"path":"src/index.ts"}' } },
        ],
      });
      expect(body.messages[3]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'export function main() {}' });
    }
  });

  it('turns malformed tool-call JSON into a tool error the agent can see, not a crash', async () => {
    fake.enqueue({ toolCalls: [{ name: 'read_file', arguments: '{"path": "src/in' }] });
    const result = await runCall(provider(kind), { ...hello, tools: [readFile] }, options());
    expect(result.stopReason).toBe('tool_use');
    expect(result.toolCalls[0]).toMatchObject({ name: 'read_file', arguments: {}, raw: '{"path": "src/in' });
    expect(result.toolCalls[0]!.parseError).toMatch(/not valid JSON/);
  });

  it('parses tool calls a model writes as <tool_call> text', async () => {
    fake.enqueue({
      text: 'Let me look.\n<tool_call>{"name": "read_file", "arguments": {"path": "a.txt"}}</tool_call>',
    });
    const request = { ...hello, tools: [readFile] };
    const collected = await runCall(provider(kind), request, options());
    const result = finishCollected(request, collected, (i) => `text_call_${i}`);
    expect(result.stopReason).toBe('tool_use');
    expect(result.text).toBe('Let me look.');
    expect(result.toolCalls).toEqual([{ id: 'text_call_0', name: 'read_file', arguments: { path: 'a.txt' } }]);
  });

  it('retries a 429, waiting as long as retry-after says', async () => {
    fake.enqueue({ fault: { kind: 'status', status: 429, retryAfter: 7 } }, { text: 'ok now' });
    const result = await runCall(provider(kind), hello, options());
    expect(result.text).toBe('ok now');
    expect(result.attempts).toBe(2);
    expect(sleeps).toEqual([7000]);
  });

  it('retries 500s with exponential backoff, then gives up with a retryable error', async () => {
    fake.enqueue(...Array.from({ length: 4 }, () => ({ fault: { kind: 'status' as const, status: 500 } })));
    const error = await runCall(provider(kind), hello, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'model_unavailable', retryable: true });
    expect(fake.calls).toHaveLength(4);
    // random() = 0.5 puts each wait at three quarters of its doubling ceiling.
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('retries a connection reset', async () => {
    fake.enqueue({ fault: { kind: 'reset' } }, { text: 'after reset' });
    const result = await runCall(provider(kind), hello, options());
    expect(result.text).toBe('after reset');
    expect(result.attempts).toBe(2);
  });

  it('does not retry a refused key, and says so', async () => {
    fake.enqueue({ fault: { kind: 'status', status: 401, message: 'invalid x-api-key' } });
    const error = await runCall(provider(kind), hello, options()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_auth_failed', retryable: false });
    expect(fake.calls).toHaveLength(1);
  });

  it('ends a stream cut in the middle with a clear, retryable error instead of hanging', async () => {
    fake.enqueue({ text: 'This answer will be cut off halfway through.', fault: { kind: 'cut' } });
    const seen: string[] = [];
    const started = Date.now();
    const error = await runCall(
      provider(kind),
      hello,
      options({ onEvent: (e) => e.type === 'text' && seen.push(e.delta) }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_stream_interrupted', retryable: true });
    expect((error as Error).message).toMatch(/Try again/);
    expect(seen.length).toBeGreaterThan(0);
    // Part of the answer was shown, so it is not silently retried.
    expect(fake.calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends a stream that reports an error midway with a retryable error naming the cause', async () => {
    fake.enqueue({ text: 'Starting an answer that the server abandons.', fault: { kind: 'error-event' } });
    const error = await runCall(provider(kind), hello, options({ onEvent: () => undefined })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_stream_interrupted', retryable: true });
    expect((error as Error).message).toMatch(kind === 'anthropic' ? /Overloaded/ : /server had an error/);
  });

  it('retries a cut stream when nobody saw any of it', async () => {
    fake.enqueue({ text: 'This answer will be cut off halfway through.', fault: { kind: 'cut' } }, { text: 'whole' });
    const result = await runCall(provider(kind), hello, options());
    expect(result.text).toBe('whole');
  });

  it('times out a slow first token, then succeeds on the retry', async () => {
    fake.enqueue({ text: 'late', fault: { kind: 'slow', delayMs: 1500 } }, { text: 'prompt' });
    const result = await runCall(provider(kind), hello, options({ firstTokenTimeoutMs: 200 }));
    expect(result.text).toBe('prompt');
    expect(result.attempts).toBe(2);
  });

  it('reports a slow first token as a timeout when retries are exhausted', async () => {
    fake.enqueue({ text: 'late', fault: { kind: 'slow', delayMs: 1500 } });
    const error = await runCall(
      provider(kind),
      hello,
      options({
        firstTokenTimeoutMs: 200,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_timeout' });
    expect((error as Error).message).toMatch(/sent no answer/);
  });

  it('bounds the whole wait for a server that never answers, and says how many tries it took', async () => {
    for (let i = 0; i < 4; i++) fake.enqueue({ text: 'late', fault: { kind: 'slow', delayMs: 3000 } });
    const started = Date.now();
    const error = await runCall(
      provider(kind),
      hello,
      // Room for two 300 ms waits (and the backoff between them), not for a third.
      options({ firstTokenTimeoutMs: 300, retry: { ...options().retry, maxTotalMs: 800 } }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_timeout' });
    expect((error as Error).message).toMatch(/sent no answer within 0 s\. Weft tried 2 times over \d+ s\./);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('ends a stalled stream with an idle timeout', async () => {
    fake.enqueue({ text: 'This answer stalls after its first piece.', fault: { kind: 'stall' } });
    const started = Date.now();
    const error = await runCall(provider(kind), hello, options({ idleTimeoutMs: 300, onEvent: () => undefined })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'model_timeout' });
    expect((error as Error).message).toMatch(/stopped sending/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    fake.enqueue({ text: 'slow', fault: { kind: 'slow', delayMs: 5000 } });
    const controller = new AbortController();
    const asked = fake.calls.length;
    const pending = runCall(provider(kind), hello, options({ signal: controller.signal })).catch((e: unknown) => e);
    // Abort once the server has the request and is slowly answering it.
    await until(
      () => fake.calls.length > asked,
      10_000,
      () => 'the request never reached the server',
    );
    controller.abort();
    expect(await pending).toMatchObject({ code: 'cancelled' });
  });

  it('lists the models', async () => {
    const models = await provider(kind).listModels(new AbortController().signal);
    expect(models.map((m) => m.id)).toEqual(['fake-model', 'fake-model-large']);
  });
});

describe('structured output', () => {
  const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
  it('asks Anthropic for a forced tool and returns its input', async () => {
    fake.enqueue({ toolCalls: [{ name: 'structured_output', arguments: { answer: 42 } }] });
    const request: ModelRequest = { ...hello, responseSchema: { name: 'Answer', schema } };
    const result = finishCollected(request, await runCall(provider('anthropic'), request, options()), String);
    expect(result.structured).toEqual({ answer: 42 });
    expect(result.toolCalls).toEqual([]);
    expect(result.stopReason).toBe('end');
    expect(fake.calls[0]!.body).toMatchObject({ tool_choice: { type: 'tool', name: 'structured_output' } });
  });

  it('asks OpenAI for a json_schema response format and parses the answer', async () => {
    fake.enqueue({ text: '{"answer": 42}' });
    const request: ModelRequest = { ...hello, responseSchema: { name: 'Answer', schema } };
    const result = finishCollected(request, await runCall(provider('openai'), request, options()), String);
    expect(result.structured).toEqual({ answer: 42 });
    expect(fake.calls[0]!.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'Answer', schema } },
    });
  });
});
