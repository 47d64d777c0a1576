// Pure restart policy for crashed servers: exponential backoff with a cap, and a give-up.

/** How a crashed stdio server is restarted. */
export interface RestartPolicy {
  /** The first restart waits this long; each further failure doubles it. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Consecutive failures after which the server is shown as failed and left stopped. */
  readonly maxFailures: number;
  /** A server that stayed up this long has its failure count forgiven when it next crashes. */
  readonly stableMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { baseMs: 1000, maxMs: 30_000, maxFailures: 5, stableMs: 60_000 };

export type RestartDecision = { readonly giveUp: true } | { readonly giveUp: false; readonly delayMs: number };

/** What to do after the `failures`-th consecutive failure (1 for the first). */
export function restartDecision(failures: number, policy: RestartPolicy): RestartDecision {
  if (failures >= policy.maxFailures) return { giveUp: true };
  const delayMs = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return { giveUp: false, delayMs };
}

/** The failure count after a crash: a server that ran for `stableMs` starts counting afresh. */
export function failuresAfterCrash(previous: number, upForMs: number | null, policy: RestartPolicy): number {
  return upForMs !== null && upForMs >= policy.stableMs ? 1 : previous + 1;
}
