import Anthropic from '@anthropic-ai/sdk';
import type { ModelInfo } from '../../../shared/domain/models';
import { parseToolArguments } from '../core/tool-text';
import type { ChatMessage, ModelRequest, ProviderEvent, StopReason, ToolChoice } from '../core/types';
import type { ModelProvider, ProviderConnection } from './provider';

/** The forced tool that carries a structured answer: Anthropic has no response_format. */
export const STRUCTURED_TOOL = 'structured_output';
const DEFAULT_MAX_TOKENS = 4096;

type Block = Anthropic.ContentBlockParam;

/** Our conversation in Messages API form: tool results ride in user turns, tool calls in assistant turns. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    const prev = out[out.length - 1];
    // The API wants roles to alternate; merging keeps several tool results in one user turn.
    if (prev && prev.role === role && Array.isArray(prev.content)) prev.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'user') push('user', [{ type: 'text', text: m.content }]);
    else if (m.role === 'assistant') {
      const blocks: Block[] = m.content ? [{ type: 'text', text: m.content }] : [];
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      push('assistant', blocks);
    } else {
      push('user', [
        { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content, is_error: m.isError ?? false },
      ]);
    }
  }
  return out;
}

function toolChoice(choice: ToolChoice | undefined): Anthropic.ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

const stopReasons: Record<string, StopReason> = {
  end_turn: 'end',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
};

/** The request body for a streamed Messages call. */
export function toAnthropicParams(request: ModelRequest): Anthropic.MessageCreateParamsStreaming {
  const tools: Anthropic.Tool[] = (request.tools ?? []).map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.parameters as Anthropic.Tool.InputSchema,
  }));
  let choice = toolChoice(request.toolChoice);
  if (request.responseSchema) {
    tools.push({
      name: STRUCTURED_TOOL,
      description: `Answer with ${request.responseSchema.name} as this tool's input.`,
      input_schema: request.responseSchema.schema as Anthropic.Tool.InputSchema,
    });
    choice = { type: 'tool', name: STRUCTURED_TOOL };
  }
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: toAnthropicMessages(request.messages),
    stream: true,
    ...(request.system ? { system: request.system } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(choice ? { tool_choice: choice } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.stop?.length ? { stop_sequences: [...request.stop] } : {}),
  };
}

/** Anthropic's Messages API, streamed, through @anthropic-ai/sdk. */
export class AnthropicProvider implements ModelProvider {
  private readonly client: Anthropic;

  constructor(connection: ProviderConnection) {
    this.client = new Anthropic({
      // Always an explicit key, so the SDK never goes looking for credentials of its own;
      // ModelService refuses to call a hosted provider without one.
      apiKey: connection.apiKey ?? 'no-key',
      authToken: null,
      baseURL: connection.baseUrl,
      fetch: connection.fetch,
      maxRetries: 0, // ModelService retries, with its own policy and clock.
      timeout: 10 * 60_000,
    });
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const stream = await this.client.messages.create(toAnthropicParams(request), { signal });
    yield { type: 'open' };
    const toolBlocks = new Map<number, { id: string; name: string; json: string }>();
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start': {
          const u = event.message.usage;
          yield {
            type: 'usage',
            usage: {
              inputTokens: u.input_tokens,
              outputTokens: u.output_tokens,
              cacheReadTokens: u.cache_read_input_tokens ?? 0,
              cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
            },
          };
          break;
        }
        case 'content_block_start':
          if (event.content_block.type === 'tool_use') {
            toolBlocks.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
          } else if (event.content_block.type === 'text' && event.content_block.text) {
            yield { type: 'text', delta: event.content_block.text };
          }
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') yield { type: 'text', delta: event.delta.text };
          else if (event.delta.type === 'input_json_delta') {
            yield { type: 'tool_delta' };
            const block = toolBlocks.get(event.index);
            if (block) block.json += event.delta.partial_json;
          }
          break;
        case 'content_block_stop': {
          const block = toolBlocks.get(event.index);
          if (block) {
            toolBlocks.delete(event.index);
            const parsed = parseToolArguments(block.json);
            yield {
              type: 'tool_call',
              call: {
                id: block.id,
                name: block.name,
                arguments: parsed.arguments,
                ...(parsed.parseError ? { parseError: parsed.parseError, raw: block.json } : {}),
              },
            };
          }
          break;
        }
        case 'message_delta': {
          const u = event.usage;
          yield {
            type: 'usage',
            usage: {
              outputTokens: u.output_tokens,
              ...(u.input_tokens != null ? { inputTokens: u.input_tokens } : {}),
              ...(u.cache_read_input_tokens != null ? { cacheReadTokens: u.cache_read_input_tokens } : {}),
              ...(u.cache_creation_input_tokens != null ? { cacheWriteTokens: u.cache_creation_input_tokens } : {}),
            },
          };
          if (event.delta.stop_reason) yield { type: 'stop', reason: stopReasons[event.delta.stop_reason] ?? 'other' };
          break;
        }
        case 'message_stop':
          return;
      }
    }
  }

  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    const out: ModelInfo[] = [];
    for await (const model of this.client.models.list({ limit: 100 }, { signal })) {
      const max = (model as { max_input_tokens?: unknown }).max_input_tokens;
      out.push({ id: model.id, toolSupport: 'native', contextLength: typeof max === 'number' ? max : null });
    }
    return out;
  }
}
