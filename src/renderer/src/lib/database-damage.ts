import type { ErrorData } from '../../../shared/ipc/errors';

type Listener = () => void;

/**
 * Whether main has reported its database damaged. Any reply can be the first to say so (the
 * damage is found by whichever request reads the bad page), and once it is, Weft stops writing:
 * the notice stays for the rest of the session instead of one toast per failed request.
 */
export class DatabaseDamage {
  private current: string | null = null;
  private readonly listeners = new Set<Listener>();

  /** The backend's message of the first `db_corrupt` reply, or null while the database is sound. */
  get message(): string | null {
    return this.current;
  }

  /** Looks at every failed reply; only the first damage report is kept. */
  note(error: ErrorData): void {
    if (error.code !== 'db_corrupt' || this.current !== null) return;
    this.current = error.message;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): string | null => this.current;
}
