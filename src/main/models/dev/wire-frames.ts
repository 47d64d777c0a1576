import type { Script } from './fake-model-server';

// The documented wire formats, frame by frame: Anthropic Messages SSE (named events) and
// OpenAI Chat Completions SSE (data-only chunks ending in [DONE]).

/** One server-sent event, and whether it carries a token. */
export interface Frame {
  readonly wire: string;
  /** True for frames that carry a token: text or tool-call arguments. */
  readonly content: boolean;
}

/** A tool call as the double sends it: arguments as raw text, possibly malformed. */
export interface Call {
  readonly id: string;
  readonly name: string;
  readonly args: string;
}

/** Token counts a script reports. */
export type UsageNumbers = NonNullable<Script['usage']>;

/** One SSE frame; `event` null for OpenAI's data-only frames. */
export function sse(event: string | null, data: unknown, content = false): Frame {
  return { wire: `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`, content };
}

/** Splits text into a few pieces, as a model streams tokens. */
function pieces(text: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A streamed Messages answer: message_start, content blocks with deltas, message_delta, message_stop. */
export function anthropicFrames(
  model: string,
  text: string,
  calls: readonly Call[],
  usage: UsageNumbers,
  n: number,
): Frame[] {
  const frames: Frame[] = [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: `msg_fake_${n}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input,
          output_tokens: 1,
          cache_read_input_tokens: usage.cacheRead ?? 0,
          cache_creation_input_tokens: usage.cacheWrite ?? 0,
        },
      },
    }),
    sse('ping', { type: 'ping' }),
  ];
  let index = 0;
  if (text) {
    frames.push(
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    );
    for (const piece of pieces(text)) {
      frames.push(
        sse(
          'content_block_delta',
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } },
          true,
        ),
      );
    }
    frames.push(sse('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  for (const call of calls) {
    frames.push(
      sse('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      }),
    );
    for (const piece of pieces(call.args, 8)) {
      frames.push(
        sse(
          'content_block_delta',
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
          true,
        ),
      );
    }
    frames.push(sse('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  }
  frames.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: calls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.output },
    }),
    sse('message_stop', { type: 'message_stop' }),
  );
  return frames;
}

/** A streamed Chat Completions answer: chunks with deltas, a finish_reason, a usage-only chunk, [DONE]. */
export function openaiFrames(
  model: string,
  text: string,
  calls: readonly Call[],
  usage: UsageNumbers,
  n: number,
  includeUsage: boolean,
): Frame[] {
  const base = { id: `chatcmpl-fake-${n}`, object: 'chat.completion.chunk', created: 1_800_000_000, model };
  // With stream_options.include_usage every chunk carries `usage: null` and a last chunk the counts.
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, content = false) =>
    sse(
      null,
      {
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      },
      content,
    );
  const frames: Frame[] = [chunk({ role: 'assistant', content: '' })];
  for (const piece of pieces(text)) frames.push(chunk({ content: piece }, null, true));
  calls.forEach((call, index) => {
    frames.push(
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const piece of pieces(call.args, 8)) {
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null, true));
    }
  });
  frames.push(chunk({}, calls.length > 0 ? 'tool_calls' : 'stop'));
  const cached = usage.cacheRead ?? 0;
  if (includeUsage) {
    frames.push(
      sse(null, {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: usage.input + cached,
          completion_tokens: usage.output,
          total_tokens: usage.input + cached + usage.output,
          prompt_tokens_details: { cached_tokens: cached },
        },
      }),
    );
  }
  frames.push({ wire: 'data: [DONE]\n\n', content: false });
  return frames;
}

/** A non-streamed Messages answer. */
export function anthropicMessage(model: string, text: string, calls: readonly Call[], usage: UsageNumbers): unknown {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [
      ...(text ? [{ type: 'text', text }] : []),
      ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: safeParse(c.args) })),
    ],
    stop_reason: calls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}

/** A non-streamed Chat Completions answer. */
export function openaiCompletion(model: string, text: string, calls: readonly Call[], usage: UsageNumbers): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_800_000_000,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || null,
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((c) => ({
                  id: c.id,
                  type: 'function',
                  function: { name: c.name, arguments: c.args },
                })),
              }
            : {}),
        },
        finish_reason: calls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** An error body in each API's documented shape. */
export function errorBody(protocol: 'anthropic' | 'openai', type: string, message: string): unknown {
  return protocol === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, code: null } };
}

/** An error reported inside a stream that already began, as each API documents it. */
export function streamError(protocol: 'anthropic' | 'openai'): Frame {
  return protocol === 'anthropic'
    ? sse('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
    : sse(null, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
}
