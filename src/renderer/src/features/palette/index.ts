export { CommandPalette } from './CommandPalette';
export { runCommand, useCommands } from './run-command';
export type { Command } from './commands';
