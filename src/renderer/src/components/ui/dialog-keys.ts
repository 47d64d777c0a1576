import type { KeyboardEvent } from 'react';

/**
 * The keyboard of a modal dialog: Escape dismisses it, and Tab cycles through its enabled buttons
 * without leaving it (focus stays in the dialog, as aria-modal promises).
 */
export function dialogKeyDown(event: KeyboardEvent, box: HTMLElement | null, onEscape: () => void): void {
  if (event.key === 'Escape') {
    event.stopPropagation();
    onEscape();
  }
  if (event.key === 'Tab' && box) {
    const focusable = box.querySelectorAll<HTMLElement>('button:not([disabled])');
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }
}
