// One real listener per signal, fanning out to many callbacks: a scope's signal is watched by
// every step running in it (64 at once is normal), and EventTarget warns past ten listeners.

const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` once when `signal` aborts (at once if it already has); returns a function that unsubscribes. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let set = callbacks.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    callbacks.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        callbacks.delete(signal);
        for (const callback of fresh) callback();
      },
      { once: true },
    );
  }
  const entry = (): void => fn();
  set.add(entry);
  return () => set.delete(entry);
}
