import { create } from 'zustand';

interface LinkPromptState {
  /** A link the user clicked in a terminal, waiting for confirmation. */
  url: string | null;
  ask(url: string): void;
  dismiss(): void;
}

/** Only web addresses may be opened, and only after the user says so. */
export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const useLinkPrompt = create<LinkPromptState>((set) => ({
  url: null,
  ask: (url) => set({ url: isWebLink(url) ? url : null }),
  dismiss: () => set({ url: null }),
}));
