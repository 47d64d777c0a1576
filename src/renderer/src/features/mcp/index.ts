export { McpSettings } from './McpSettings';
export { mcpCommands } from './commands';
