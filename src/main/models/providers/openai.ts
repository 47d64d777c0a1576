import OpenAI from 'openai';
import type { ModelInfo } from '../../../shared/domain/models';
import { parseToolArguments } from '../core/tool-text';
import type { ChatMessage, ModelRequest, ProviderEvent, StopReason, ToolChoice } from '../core/types';
import type { ModelProvider, ProviderConnection } from './provider';

type Message = OpenAI.Chat.ChatCompletionMessageParam;

/** Our conversation in Chat Completions form; the system prompt is the first message. */
export function toOpenAiMessages(system: string | undefined, messages: readonly ChatMessage[]): Message[] {
  const out: Message[] = system ? [{ role: 'system', content: system }] : [];
  for (const m of messages) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      }));
      out.push({ role: 'assistant', content: m.content || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    } else {
      out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.isError ? `Error: ${m.content}` : m.content });
    }
  }
  return out;
}

function toolChoice(choice: ToolChoice | undefined): OpenAI.Chat.ChatCompletionToolChoiceOption | undefined {
  if (choice === undefined || typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

const stopReasons: Record<string, StopReason> = {
  stop: 'end',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  length: 'max_tokens',
  content_filter: 'refusal',
};

/**
 * The request body for a streamed call. OpenAI itself takes `max_completion_tokens`; local
 * servers still read the older `max_tokens`.
 */
export function toOpenAiParams(
  request: ModelRequest,
  compatible: boolean,
): OpenAI.Chat.ChatCompletionCreateParamsStreaming {
  const tools = (request.tools ?? []).map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
  const choice = toolChoice(request.toolChoice);
  return {
    model: request.model,
    messages: toOpenAiMessages(request.system, request.messages),
    stream: true,
    stream_options: { include_usage: true },
    ...(tools.length > 0 ? { tools } : {}),
    ...(choice && tools.length > 0 ? { tool_choice: choice } : {}),
    ...(request.maxTokens !== undefined
      ? compatible
        ? { max_tokens: request.maxTokens }
        : { max_completion_tokens: request.maxTokens }
      : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.stop?.length ? { stop: [...request.stop] } : {}),
    ...(request.responseSchema
      ? {
          response_format: {
            type: 'json_schema' as const,
            json_schema: { name: request.responseSchema.name, schema: request.responseSchema.schema },
          },
        }
      : {}),
  };
}

/** OpenAI's Chat Completions API, or any server that speaks it (Ollama, LM Studio, llama.cpp, vLLM). */
export class OpenAiProvider implements ModelProvider {
  private readonly client: OpenAI;

  constructor(
    connection: ProviderConnection,
    private readonly compatible: boolean,
  ) {
    this.client = new OpenAI({
      // Local servers ignore the key, but the SDK insists on one.
      apiKey: connection.apiKey ?? 'no-key',
      baseURL: connection.baseUrl,
      fetch: connection.fetch,
      maxRetries: 0,
      timeout: 10 * 60_000,
      organization: null,
      project: null,
    });
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const stream = await this.client.chat.completions.create(toOpenAiParams(request, this.compatible), { signal });
    yield { type: 'open' };
    // Tool calls arrive as fragments keyed by index: id and name first, then pieces of arguments.
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let stop: StopReason | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) {
        const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
        yield {
          type: 'usage',
          usage: {
            inputTokens: Math.max(0, chunk.usage.prompt_tokens - cached),
            outputTokens: chunk.usage.completion_tokens,
            cacheReadTokens: cached,
            cacheWriteTokens: 0,
          },
        };
      }
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.delta?.content) yield { type: 'text', delta: choice.delta.content };
      if (choice.delta?.tool_calls?.length) yield { type: 'tool_delta' };
      for (const part of choice.delta?.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: '', name: '', args: '' };
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.args += part.function.arguments;
        calls.set(part.index, call);
      }
      if (choice.finish_reason) {
        stop = stopReasons[choice.finish_reason] ?? 'other';
        yield* this.flush(calls);
      }
    }
    // The usage chunk follows the finish_reason chunk, so the stop is reported last.
    if (stop) {
      yield* this.flush(calls);
      yield { type: 'stop', reason: stop };
    }
  }

  private *flush(calls: Map<number, { id: string; name: string; args: string }>): Iterable<ProviderEvent> {
    for (const [index, call] of [...calls].sort(([a], [b]) => a - b)) {
      const parsed = parseToolArguments(call.args);
      yield {
        type: 'tool_call',
        call: {
          id: call.id || `call_${index}`,
          name: call.name,
          arguments: parsed.arguments,
          ...(parsed.parseError ? { parseError: parsed.parseError, raw: call.args } : {}),
        },
      };
    }
    calls.clear();
  }

  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const out: ModelInfo[] = [];
    for await (const model of this.client.models.list({ signal })) {
      out.push({ id: model.id, toolSupport: this.compatible ? 'unknown' : 'native', contextLength: null });
    }
    return out;
  }
}
