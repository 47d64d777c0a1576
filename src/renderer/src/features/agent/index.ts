export { AgentsView } from './AgentsView';
export { ReviewTab } from './ReviewTab';
export { RunTab } from './RunTab';
export { agentCommands } from './commands';
export { openReview, openRun } from './open';
export { AgentStatusItem } from './AgentStatusItem';
