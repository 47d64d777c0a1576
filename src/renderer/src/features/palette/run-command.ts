import { useMemo } from 'react';
import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { agentCommands } from '../agent';
import { terminalCommands } from '../terminal';
import { workbenchCommands, type Command } from './commands';

/** Runs a command; a failure becomes a notice, never a silent rejection. */
export async function runCommand(command: Command): Promise<void> {
  if (command.enabled && !command.enabled()) return;
  try {
    await command.run();
  } catch (error) {
    useNotices.getState().error(error);
  }
}

/** The registered commands for this host. */
export function useCommands(): Command[] {
  const pickFolder = useApp((s) => s.info?.capabilities.pickFolder ?? false);
  return useMemo(() => [...workbenchCommands({ pickFolder }), ...terminalCommands(), ...agentCommands()], [pickFolder]);
}
