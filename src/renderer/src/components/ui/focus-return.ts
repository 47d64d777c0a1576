import { useRef } from 'react';

/**
 * Gives focus back to whatever had it before a dialog opened. Radix returns focus only to a
 * dialog's own Trigger, and Weft's dialogs are opened by commands, shortcuts and stores instead,
 * so without this focus would fall to the page when one closes.
 */
export function useFocusReturn(): {
  onOpenAutoFocus: () => void;
  onCloseAutoFocus: (event: Event) => void;
} {
  const before = useRef<HTMLElement | null>(null);
  return {
    // Called before the dialog moves focus inside, while the opener still has it.
    onOpenAutoFocus: () => {
      before.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (event) => {
      event.preventDefault();
      // The opener may be gone (a closed tab, a closed folder); then focus stays on the page.
      if (before.current?.isConnected) before.current.focus({ preventScroll: true });
    },
  };
}
