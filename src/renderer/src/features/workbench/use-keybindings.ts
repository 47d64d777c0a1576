import { useEffect } from 'react';
import { api } from '../../lib/api';
import { isMacPlatform, matchesKeybinding } from '../../lib/keybindings';
import { runCommand, type Command } from '../../lib/contributions';

const terminalKeys = new Set(['workbench.commandPalette', 'workbench.togglePanel', 'terminal.new']);
const inTerminal = (target: EventTarget | null) => target instanceof Element && target.closest('.xterm') !== null;

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
      event.stopPropagation();
      void runCommand(command);
    };
    window.addEventListener('keydown', onKey, true);
    const unsubscribe = api.app.command(({ id }) => {
      const command = commands.find((c) => c.id === id);
      if (command) void runCommand(command);
    });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      unsubscribe();
    };
  }, [commands]);
}
