import { useEffect } from 'react';
import { api } from '../../lib/api';
import { isMacPlatform, matchesKeybinding } from '../../lib/keybindings';
import { runCommand, type Command } from '../../lib/contributions';

const terminalKeys = new Set(['workbench.commandPalette', 'workbench.togglePanel', 'terminal.new']);
const inTerminal = (target: EventTarget | null) => target instanceof Element && target.closest('.xterm') !== null;

/**
 * A modal dialog (the palette too) or an open menu holds the keyboard: a workbench key pressed
 * there must not act on the page behind it, e.g. open the palette over the trust question or
 * toggle the side bar under a confirmation.
 */
const holdsKeyboard = (): boolean =>
  document.querySelector('[aria-modal="true"], [role="menu"][data-state="open"]') !== null;

/** Routes key presses and app-menu clicks to commands. */
export function useKeybindings(commands: readonly Command[]): void {
  useEffect(() => {
    const isMac = isMacPlatform();
    const onKey = (event: KeyboardEvent) => {
      const command = commands.find((c) => c.keybinding && matchesKeybinding(event, c.keybinding, isMac));
      if (!command) return;
      // In a terminal, Ctrl+B, Ctrl+J, Ctrl+O… belong to the shell; only a few workbench keys stay global.
      if (inTerminal(event.target) && !terminalKeys.has(command.id)) return;
      event.preventDefault();
      // Still prevented, so the browser's own Ctrl+S or Ctrl+O does not open over the dialog either.
      if (holdsKeyboard()) return;
      event.stopPropagation();
      void runCommand(command);
    };
    window.addEventListener('keydown', onKey, true);
    // The desktop menu's accelerators arrive here instead of as key presses, so the same rule holds.
    const unsubscribe = api.app.command(({ id }) => {
      const command = commands.find((c) => c.id === id);
      if (command && !holdsKeyboard()) void runCommand(command);
    });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      unsubscribe();
    };
  }, [commands]);
}
