import type { McpServerState } from '../../../../shared/domain/mcp';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useWorkbench } from '../../stores/workbench';
import { scrollToMcpSettings } from './scroll';

// A server that fails was shown only in Settings, where nobody looks while a run starts without
// its tools: say so where the user is, once per failure, with the way to its settings.
const lastStatus = new Map<string, McpServerState['status']>();

api.mcp.changed((state) => {
  const before = lastStatus.get(state.id);
  lastStatus.set(state.id, state.status);
  if (state.status !== 'failed' || before === 'failed') return;
  useNotices.getState().push('error', `MCP server "${state.name}" failed`, state.error ?? 'It stopped.', {
    label: 'Open MCP settings',
    run: () => {
      useWorkbench.getState().setEditorView('settings');
      scrollToMcpSettings();
    },
  });
});
api.mcp.removed(({ id }) => lastStatus.delete(id));
