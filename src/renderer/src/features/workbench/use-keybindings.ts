import { useEffect } from 'react';
import { api } from '../../lib/api';
import { isMacPlatform, matchesKeybinding } from '../../lib/keybindings';
import { runCommand, type Command } from '../palette';

/** Routes key presses and app-menu clicks to commands. */
export function useKeybindings(commands: Command[]): void {
  useEffect(() => {
    const isMac = isMacPlatform();
    const onKey = (event: KeyboardEvent) => {
      const command = commands.find((c) => c.keybinding && matchesKeybinding(event, c.keybinding, isMac));
      if (!command) return;
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
