import { defaultRetryPolicy, type RetryPolicy } from './core/retry';

/** Timing for calls; tests shorten the timeouts and replace sleep. */
export interface ModelTiming {
  readonly retry: RetryPolicy;
  readonly firstTokenTimeoutMs: number;
  /** The same for servers on this machine, which may first have to load the model from disk. */
  readonly localFirstTokenTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

/** Production timing: real sleeps and the wall clock. */
export const defaultTiming: ModelTiming = {
  retry: defaultRetryPolicy,
  firstTokenTimeoutMs: 120_000,
  localFirstTokenTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    }),
  random: Math.random,
  now: Date.now,
};
