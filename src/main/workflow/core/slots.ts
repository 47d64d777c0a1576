import { onAbort } from './abort';

/** A counting semaphore with FIFO hand-off; waiters can give up through an AbortSignal. */
export class Slots {
  private free: number;
  private readonly waiters: ({ grant: (ok: boolean) => void; gone: boolean } | undefined)[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    this.free = limit;
  }

  /** Takes a slot if one is free and nobody waits; the synchronous fast path. */
  tryAcquire(): boolean {
    if (this.free > 0 && this.head === this.waiters.length) {
      this.free--;
      return true;
    }
    return false;
  }

  /** Resolves true once a slot is held, false if `signal` aborted first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let unsubscribe = (): void => undefined;
      const waiter = {
        gone: false,
        grant: (ok: boolean) => {
          unsubscribe();
          resolve(ok);
        },
      };
      this.waiters.push(waiter);
      unsubscribe = onAbort(signal, () => {
        waiter.gone = true;
        resolve(false);
      });
    });
  }

  release(): void {
    while (this.head < this.waiters.length) {
      const waiter = this.waiters[this.head];
      this.waiters[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters.splice(0, this.head);
        this.head = 0;
      }
      if (waiter && !waiter.gone) {
        waiter.grant(true);
        return;
      }
    }
    this.free++;
  }
}
