export { WorkflowsView } from './WorkflowsView';
export { WorkflowEditor } from './WorkflowEditor';
export { RunsPanel } from './RunsPanel';
export { workflowCommands } from './commands';
