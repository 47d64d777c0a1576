export { ModelSettings } from './ModelSettings';
export { OfflineBadge } from './OfflineBadge';
export { modelCommands } from './commands';
