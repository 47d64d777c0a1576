import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ModelError } from '../core/model-error';
import { parseRetryAfter } from '../core/retry';

interface SdkApiError {
  readonly status?: number;
  readonly headers?: { get(name: string): string | null };
  readonly message?: string;
  readonly error?: unknown;
}

/** The provider's own sentence from an error body, cut short; never the request we sent. */
function providerMessage(error: SdkApiError): string {
  const body = error.error as { error?: { message?: unknown }; message?: unknown } | undefined;
  const text = body?.error?.message ?? body?.message ?? '';
  return typeof text === 'string' ? text.slice(0, 300) : '';
}

/**
 * Turns whatever an SDK threw into a ModelError with a retry verdict. `streaming` is true once
 * the response had started, where any transport failure means the answer was cut off.
 */
export function toModelError(error: unknown, label: string, streaming: boolean, now: number): ModelError {
  if (error instanceof ModelError) return error;
  const e = (error ?? {}) as SdkApiError;
  const apiError = error instanceof Anthropic.APIError || error instanceof OpenAI.APIError;
  const connection = error instanceof Anthropic.APIConnectionError || error instanceof OpenAI.APIConnectionError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status !== undefined) {
    const detail = providerMessage(e);
    const said = detail ? `: ${detail}` : '.';
    const retryAfter = e.headers ? parseRetryAfter((n) => e.headers!.get(n), now) : undefined;
    if (status === 401 || status === 403) {
      return new ModelError('model_auth_failed', `${label} refused the API key (HTTP ${status})${said}`, false);
    }
    if (status === 429) {
      return new ModelError('model_rate_limited', `${label} is rate limiting requests${said}`, true, retryAfter);
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new ModelError('model_unavailable', `${label} failed (HTTP ${status})${said}`, true, retryAfter);
    }
    return new ModelError('model_bad_request', `${label} refused the request (HTTP ${status})${said}`, false);
  }
  // An error event inside the stream (Anthropic's overloaded_error) arrives without a status.
  if (apiError && !connection && streaming) {
    const detail = providerMessage(e) || 'an error';
    return new ModelError('model_stream_interrupted', `${label} reported ${detail} while answering.`, true);
  }
  if (streaming) {
    return new ModelError(
      'model_stream_interrupted',
      `The connection to ${label} broke in the middle of the answer. Try again.`,
      true,
    );
  }
  return new ModelError('model_unavailable', `Could not reach ${label}. Is it running and reachable?`, true);
}
