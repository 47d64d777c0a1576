import { api } from '../../lib/api';
import { useProjects } from '../../stores/projects';
import { useTerminals } from './state/terminals';
import type { Command } from '../../lib/contributions';
import { showPanelTab } from '../../stores/workbench';

const showPanel = () => showPanelTab('terminal');

/**
 * Opens a terminal in the current project, in `cwd` when given; the explorer's
 * "New Terminal Here" calls this with the folder's path. `cwd` must lie inside the project.
 */
export async function newTerminal(options: { cwd?: string; split?: boolean } = {}): Promise<void> {
  const project = useProjects.getState().current;
  if (!project) return;
  showPanel();
  await useTerminals.getState().create(project.id, options);
}

const activeId = () => useTerminals.getState().active;

/** The terminal's palette commands. */
export function terminalCommands(): Command[] {
  const hasProject = () => useProjects.getState().current !== null;
  const hasActive = () => activeId() !== null;
  return [
    {
      id: 'terminal.new',
      title: 'Terminal: New Terminal',
      category: 'Terminal',
      keybinding: 'Ctrl+`',
      enabled: hasProject,
      run: () => newTerminal(),
    },
    {
      id: 'terminal.split',
      title: 'Terminal: Split Terminal',
      category: 'Terminal',
      enabled: hasProject,
      run: () => newTerminal({ split: true }),
    },
    {
      id: 'terminal.show',
      title: 'Terminal: Show Terminal',
      category: 'Terminal',
      run: showPanel,
    },
    {
      id: 'terminal.kill',
      title: 'Terminal: Kill the Active Terminal',
      category: 'Terminal',
      enabled: hasActive,
      run: async () => void (await api.terminal.kill({ id: activeId()! })),
    },
    {
      id: 'terminal.restart',
      title: 'Terminal: Restart the Active Terminal',
      category: 'Terminal',
      enabled: hasActive,
      run: async () => void (await api.terminal.restart({ id: activeId()! })),
    },
  ];
}
