import type { ModelInfo } from '../../../shared/domain/models';
import type { ModelRequest, ProviderEvent } from '../core/types';

/** The fetch signature both SDKs accept. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Where and how to reach one provider; built per call so a changed key or URL takes effect at once. */
export interface ProviderConnection {
  /** A name for messages, e.g. "Anthropic" or "Ollama (localhost:11434)". */
  readonly label: string;
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** The offline-checked fetch every request goes through. */
  readonly fetch: FetchLike;
}

/**
 * One model API behind Weft's internal form. Adapters only translate: retries, timeouts,
 * offline checks, cost and caching live around them in ModelService.
 */
export interface ModelProvider {
  /** Streams one call; ends after a `stop` event, or throws. Aborting `signal` ends it early. */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
  listModels(signal: AbortSignal): Promise<ModelInfo[]>;
}
