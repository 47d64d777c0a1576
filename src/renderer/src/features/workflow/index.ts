// Open workflows follow their files on disk from the moment the builder is loaded.
import './doc-refresh';
export { WorkflowsView } from './WorkflowsView';
export { WorkflowEditor } from './WorkflowEditor';
export { RunsPanel } from './RunsPanel';
export { workflowCommands } from './commands';
