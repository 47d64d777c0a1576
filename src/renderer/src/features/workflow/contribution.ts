import { Workflow } from 'lucide-react';
import { createElement, lazy } from 'react';
import { registerCommands, registerEditorPane, registerPanelTab, registerSideView } from '../../lib/contributions';
import { useEditor, type TabBase } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { showSideView } from '../../stores/workbench';
import { workflowCommands } from './commands';
import { useWorkflowBuilder } from './state/workflow-builder';
import { saveWorkflow } from './workflow-actions';
// Open workflows follow their files on disk.
import './doc-refresh';

/** A workflow open in the visual builder; its contents live in the builder store. */
export interface WorkflowTab extends TabBase {
  readonly kind: 'workflow';
  /** `.weft/workflows/<name>.json`. */
  readonly path: string;
  readonly name: string;
}

declare module '../../stores/editor' {
  interface TabKinds {
    workflow: WorkflowTab;
  }
}

/** Opens a workflow of the project in the builder, in its own tab. */
export function openWorkflow(name: string): void {
  const id = `workflow:${name}`;
  const open = useEditor.getState().tabs.find((t) => t.id === id);
  useEditor.getState().openTab(open ?? { id, kind: 'workflow', path: `.weft/workflows/${name}.json`, name });
}

const projectId = () => useProjects.getState().current?.id;

// The canvas (React Flow) and the views load when first shown, not with the workbench.
const WorkflowPane = lazy(() =>
  import('./WorkflowEditor').then((m) => ({
    default: ({ tab }: { tab: WorkflowTab }) => createElement(m.WorkflowEditor, { name: tab.name }),
  })),
);
const WorkflowsView = lazy(() => import('./WorkflowsView').then((m) => ({ default: m.WorkflowsView })));
const RunsPanel = lazy(() => import('./RunsPanel').then((m) => ({ default: m.RunsPanel })));

registerEditorPane('workflow', {
  component: WorkflowPane,
  title: (tab) => tab.name,
  suffix: ' (workflow)',
  isDirty: (tab) => useWorkflowBuilder.getState().docs[tab.name]?.dirty === true,
  useIsDirty: (tab) => useWorkflowBuilder((s) => s.docs[tab.name]?.dirty === true),
  save: async (tab) => {
    const id = projectId();
    if (id) await useWorkflowBuilder.getState().save(id, tab.name);
  },
  // Save from the tab asks before overwriting a workflow changed on disk.
  saveActive: async (tab) => {
    const id = projectId();
    if (id) await saveWorkflow(id, tab.name);
  },
  close: (tab) => useWorkflowBuilder.getState().close(tab.name),
  closeAll: () => useWorkflowBuilder.getState().reset(),
});

registerSideView({ id: 'workflows', title: 'Workflows', icon: Workflow, order: 50, component: WorkflowsView });
registerPanelTab({ id: 'runs', title: 'Runs', order: 20, component: RunsPanel });

registerCommands([
  { id: 'workbench.showWorkflows', title: 'Show Workflows', category: 'View', run: () => showSideView('workflows') },
  ...workflowCommands(),
]);
