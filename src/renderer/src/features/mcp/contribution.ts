import { registerCommands, registerSettingsSection } from '../../lib/contributions';
import { mcpCommands } from './commands';
import { McpSettings } from './McpSettings';
// A failing server is said where the user is, whether or not settings are open.
import './failure-notices';

registerSettingsSection({ id: 'mcp', order: 50, component: McpSettings });
registerCommands(mcpCommands());
