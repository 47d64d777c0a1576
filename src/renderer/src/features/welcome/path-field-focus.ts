import { create } from 'zustand';

/** A counter the path field watches: each bump asks it to take focus. */
export const usePathFieldFocus = create<{ requests: number }>(() => ({ requests: 0 }));

export function requestPathField(): void {
  usePathFieldFocus.setState((s) => ({ requests: s.requests + 1 }));
}
