export { CommandPalette } from './CommandPalette';
export { runCommand, useCommands, type Command } from '../../lib/contributions';
