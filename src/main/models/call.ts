import { WeftError } from '../../shared/ipc/errors';
import { ModelError } from './core/model-error';
import { retryDelay, type RetryPolicy } from './core/retry';
import { parseTextToolCalls } from './core/tool-text';
import {
  zeroUsage,
  type ModelRequest,
  type ProviderEvent,
  type StopReason,
  type ToolCall,
  type Usage,
} from './core/types';
import { STRUCTURED_TOOL } from './providers/anthropic';
import type { ModelProvider } from './providers/provider';
import { toModelError } from './providers/sdk-errors';

/** Timing knobs and hooks for one call; tests pass a fast clock and sleep. */
export interface CallOptions {
  readonly label: string;
  readonly retry: RetryPolicy;
  /** From sending the request to the first token (text or tool call). */
  readonly firstTokenTimeoutMs: number;
  /** The longest silence allowed once tokens flow. */
  readonly idleTimeoutMs: number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  /** Hears text deltas and tool calls as they arrive. Once it has heard one, a failure is not retried. */
  readonly onEvent?: (event: ProviderEvent) => void;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: ModelError }) => void;
}

/** What one attempt collected, before tool-protocol and structured-output post-processing. */
export interface Collected {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  readonly stopReason: StopReason;
  readonly usage: Usage;
  readonly attempts: number;
}

const cancelled = () => new WeftError('cancelled', 'The model call was cancelled.');

/** Runs a streamed call with timeouts and retries; throws a ModelError (or `cancelled`). */
export async function runCall(
  provider: ModelProvider,
  request: ModelRequest,
  options: CallOptions,
): Promise<Collected> {
  const exposed = { value: false };
  const started = options.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await attemptOnce(provider, request, options, exposed)), attempts: attempt };
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      if (!(error instanceof ModelError) || !error.retryable) throw error;
      // Once the caller has seen part of an answer a silent retry would show it twice.
      if (exposed.value || attempt >= options.retry.maxAttempts)
        throw afterAttempts(error, attempt, options.now() - started);
      const delayMs = retryDelay(attempt, options.retry, error.retryAfterMs, options.random());
      if (delayMs === undefined) throw afterAttempts(error, attempt, options.now() - started);
      const total = options.retry.maxTotalMs;
      if (total !== undefined && options.now() - started + delayMs + options.firstTokenTimeoutMs > total)
        throw afterAttempts(error, attempt, options.now() - started);
      options.onRetry?.({ attempt, delayMs, error });
      await options.sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw cancelled();
    }
  }
}

/** The last attempt's error, saying how many attempts it ended and how long they took in all. */
function afterAttempts(error: ModelError, attempts: number, elapsedMs: number): ModelError {
  if (attempts === 1) return error;
  const seconds = Math.round(elapsedMs / 1000);
  const span = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return new ModelError(
    error.code,
    `${error.message} Weft tried ${attempts} times over ${span}.`,
    error.retryable,
    error.retryAfterMs,
  );
}

async function attemptOnce(
  provider: ModelProvider,
  request: ModelRequest,
  options: CallOptions,
  exposed: { value: boolean },
): Promise<Omit<Collected, 'attempts'>> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  let timedOut: 'first' | 'idle' | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (kind: 'first' | 'idle') => {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timedOut = kind;
        controller.abort();
      },
      kind === 'first' ? options.firstTokenTimeoutMs : options.idleTimeoutMs,
    );
  };
  arm('first');
  let opened = false;
  let gotToken = false;
  let text = '';
  const toolCalls: ToolCall[] = [];
  let stop: StopReason | undefined;
  let usage: Usage = zeroUsage;
  const timeoutError = () =>
    timedOut === 'first'
      ? new ModelError(
          'model_timeout',
          `${options.label} sent no answer within ${Math.round(options.firstTokenTimeoutMs / 1000)} s.`,
          true,
        )
      : new ModelError(
          'model_timeout',
          `${options.label} stopped sending for ${Math.round(options.idleTimeoutMs / 1000)} s in the middle of the answer.`,
          true,
        );
  try {
    for await (const event of provider.stream(request, controller.signal)) {
      if (timedOut) break;
      switch (event.type) {
        case 'open':
          opened = true;
          break;
        case 'text':
          text += event.delta;
          break;
        case 'tool_call':
          toolCalls.push(event.call);
          break;
        case 'usage':
          usage = { ...usage, ...event.usage };
          break;
        case 'stop':
          stop = event.reason;
          break;
      }
      if (event.type === 'text' || event.type === 'tool_call' || event.type === 'tool_delta') gotToken = true;
      if (gotToken) arm('idle');
      if ((event.type === 'text' || event.type === 'tool_call') && options.onEvent) {
        exposed.value = true;
        options.onEvent(event);
      }
    }
  } catch (error) {
    if (timedOut) throw timeoutError();
    if (options.signal?.aborted) throw cancelled();
    throw toModelError(error, options.label, opened, options.now());
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (timedOut) throw timeoutError();
  if (options.signal?.aborted) throw cancelled();
  if (stop === undefined) {
    throw new ModelError(
      'model_stream_interrupted',
      `The answer from ${options.label} ended before it was complete. Try again.`,
      true,
    );
  }
  return { text, toolCalls, stopReason: stop, usage };
}

/**
 * Applies what the provider could not: tool calls a model wrote as text, and the structured
 * answer (a forced tool's input on Anthropic, the JSON text elsewhere).
 */
export function finishCollected(
  request: ModelRequest,
  collected: Collected,
  makeId: (index: number) => string,
): { text: string; toolCalls: readonly ToolCall[]; stopReason: StopReason; structured?: unknown } {
  let { text, toolCalls, stopReason } = collected;
  let structured: unknown;
  if (request.responseSchema) {
    const forced = toolCalls.find((c) => c.name === STRUCTURED_TOOL);
    if (forced) {
      structured = forced.arguments;
      toolCalls = toolCalls.filter((c) => c !== forced);
      if (stopReason === 'tool_use' && toolCalls.length === 0) stopReason = 'end';
    } else {
      structured = parseJsonAnswer(text);
    }
  }
  const tools = request.tools ?? [];
  if (tools.length > 0 && toolCalls.length === 0 && /<tool_call>|```/.test(text)) {
    const parsed = parseTextToolCalls(text, tools, makeId);
    if (parsed.calls.length > 0) {
      text = parsed.text;
      toolCalls = parsed.calls;
      stopReason = 'tool_use';
    }
  }
  return { text, toolCalls, stopReason, ...(structured !== undefined ? { structured } : {}) };
}

function parseJsonAnswer(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text)?.[1];
  try {
    return JSON.parse(fenced ?? text);
  } catch {
    return undefined;
  }
}
