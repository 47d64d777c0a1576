/** How hard to retry a failed call. */
export interface RetryPolicy {
  /** Attempts in total, including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server's retry-after longer than this is not waited for; the error is reported instead. */
  readonly maxRetryAfterMs: number;
  /**
   * No retry starts that could not get its whole first-token wait before this much time has
   * passed since the first attempt began: a server that accepts connections and never answers
   * fails within it, rather than after every attempt's full timeout.
   */
  readonly maxTotalMs?: number;
}

/** Four attempts, backing off from half a second, waiting at most a minute for retry-after. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  maxTotalMs: 300_000,
};

/**
 * The wait before retry number `attempt` (1 for the first retry): the server's retry-after
 * when it gave one, else exponential backoff with full jitter. `random` is in [0, 1).
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: number,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter (AWS's "exponential backoff and jitter"): spreads clients that failed together.
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** Parses `retry-after-ms`, then `retry-after` as seconds or an HTTP date; undefined when absent or odd. */
export function parseRetryAfter(header: (name: string) => string | null | undefined, now: number): number | undefined {
  const ms = header('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = header('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
