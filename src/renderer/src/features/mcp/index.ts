import './failure-notices';
export { McpSettings } from './McpSettings';
export { mcpCommands } from './commands';
