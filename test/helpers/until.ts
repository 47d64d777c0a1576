/**
 * Resolves once `check` holds, polling every 20 ms; fails after `timeoutMs` with `why()` (so a
 * test waits on the condition it cares about, not on a guessed sleep).
 */
export async function until(check: () => boolean, timeoutMs = 10_000, why: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms. ${why()}`.trim());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once the clock has moved past the current millisecond, so two actions around it get
 * distinct timestamps (an order kept by time, such as recent projects, is then defined).
 */
export async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  await until(() => Date.now() > now);
}
