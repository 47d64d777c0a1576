// The one internal form of a model conversation; each provider adapter translates to and from it.

/** A JSON Schema object, passed through to the provider untouched. */
export type JsonSchema = Record<string, unknown>;

/** A tool the model may call. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

/**
 * A tool call from the model. When the model produced arguments that are not a JSON object,
 * `arguments` is empty and `parseError` says why, so the agent can answer with a tool error.
 */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Record<string, unknown>;
  readonly parseError?: string;
  /** The raw argument text, kept only when it failed to parse. */
  readonly raw?: string;
}

/** One turn of a conversation: tool calls ride on assistant turns, their results in tool turns. */
export type ChatMessage =
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  | {
      readonly role: 'tool';
      readonly toolCallId: string;
      readonly name: string;
      readonly content: string;
      readonly isError?: boolean;
    };

/** Whether the model may, must, or must not call a tool, or which one. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly name: string };

/** One model call, provider-neutral. */
export interface ModelRequest {
  readonly model: string;
  readonly system?: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  readonly toolChoice?: ToolChoice;
  /** Ask for a JSON value matching this schema; the result carries it in `structured`. */
  readonly responseSchema?: { readonly name: string; readonly schema: JsonSchema };
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly stop?: readonly string[];
}

/** Why the model stopped, the same words for every provider. */
export type StopReason = 'end' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'other';

/** Token counts; `inputTokens` excludes tokens read from or written to the provider's prompt cache. */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
}

/** No tokens: failed calls and cache hits. */
export const zeroUsage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** What a provider adapter yields while a call streams. */
export type ProviderEvent =
  /** The provider accepted the request (headers or the first frame arrived); not a token. */
  | { readonly type: 'open' }
  | { readonly type: 'text'; readonly delta: string }
  /** A piece of a tool call's arguments arrived; counts as a token for the timeouts. */
  | { readonly type: 'tool_delta' }
  | { readonly type: 'tool_call'; readonly call: ToolCall }
  | { readonly type: 'usage'; readonly usage: Partial<Usage> }
  | { readonly type: 'stop'; readonly reason: StopReason };

/** The collected outcome of one call. */
export interface ModelResult {
  readonly model: string;
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  readonly stopReason: StopReason;
  readonly usage: Usage;
  /** The parsed JSON value when `responseSchema` was given; undefined if the model produced none. */
  readonly structured?: unknown;
  readonly latencyMs: number;
  /** USD from the price table; 0 for local models and cache hits, null when the model has no price. */
  readonly costUsd: number | null;
  /** Served from the response cache; no request was made. */
  readonly cached: boolean;
}
