import type { Command } from '../../lib/contributions';
import { useWorkbench } from '../../stores/workbench';
import { scrollToMcpSettings } from './scroll';

/** Palette commands of the MCP feature. */
export function mcpCommands(): Command[] {
  return [
    {
      id: 'mcp.configure',
      title: 'Configure MCP Servers',
      category: 'MCP',
      run: () => {
        useWorkbench.getState().setEditorView('settings');
        scrollToMcpSettings();
      },
    },
  ];
}
