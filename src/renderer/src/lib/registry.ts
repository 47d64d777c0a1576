import { useSyncExternalStore } from 'react';

/** Something a feature contributes to the workbench; `order` sorts it among its kind (lower first). */
export interface Contribution {
  readonly id: string;
  readonly order?: number;
}

/**
 * An observable list of contributions, as VS Code's registries are: features register at start
 * (or later, from a lazily loaded chunk) and the chrome re-renders with what is there.
 */
export class Registry<T extends Contribution> {
  private items: readonly T[] = [];
  private readonly listeners = new Set<() => void>();

  /** `what` names the contribution kind in errors ("command", "editor pane"). */
  constructor(private readonly what: string) {}

  /** Adds a contribution; the returned function removes it again. A second one with the same id is a bug. */
  register(item: T): () => void {
    if (this.items.some((i) => i.id === item.id)) {
      throw new Error(`A ${this.what} with the id "${item.id}" is already registered.`);
    }
    // Array.prototype.sort is stable, so equal orders keep registration order.
    this.items = [...this.items, item].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    this.emit();
    let disposed = false;
    return () => {
      if (disposed) return;
      disposed = true;
      this.items = this.items.filter((i) => i !== item);
      this.emit();
    };
  }

  get(id: string): T | undefined {
    return this.items.find((i) => i.id === id);
  }

  /** The contributions in order; the same array until something is added or removed. */
  readonly all = (): readonly T[] => this.items;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The registry's contributions, re-rendering when one is added or removed. */
export function useRegistry<T extends Contribution>(registry: Registry<T>): readonly T[] {
  return useSyncExternalStore(registry.subscribe, registry.all);
}
