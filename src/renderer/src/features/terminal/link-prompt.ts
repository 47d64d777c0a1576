import { create } from 'zustand';
import { isWebLink } from '../../../../shared/terminal/links';

interface LinkPromptState {
  /** A link the user clicked in a terminal, waiting for confirmation. */
  url: string | null;
  ask(url: string): void;
  dismiss(): void;
}

export const useLinkPrompt = create<LinkPromptState>((set) => ({
  url: null,
  ask: (url) => set({ url: isWebLink(url) ? url : null }),
  dismiss: () => set({ url: null }),
}));
