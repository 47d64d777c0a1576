import { Workflow } from 'lucide-react';
import { createElement, lazy, useSyncExternalStore } from 'react';
import { registerCommands, registerEditorPane, registerPanelTab, registerSideView } from '../../lib/contributions';
import { useEditor, type TabBase } from '../../stores/editor';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { showPanelTab, showSideView } from '../../stores/workbench';
import { registerNoticeOpener } from '../notifications';
import { workflowCommands } from './commands';
import type * as BuilderModule from './state/workflow-builder';

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

// The builder store brings React Flow and dagre, so it loads with the first workflow tab (or view),
// not with the workbench. No workflow has unsaved edits before it is loaded.
type Builder = typeof BuilderModule;
let builder: Builder | undefined;
let loading: Promise<Builder> | undefined;
const loadBuilder = (): Promise<Builder> =>
  (loading ??= Promise.all([import('./state/workflow-builder'), import('./doc-refresh')]).then(([m]) => (builder = m)));

const docDirty = (name: string) => builder?.useWorkflowBuilder.getState().docs[name]?.dirty === true;

/** Follows the builder store once it is loaded. */
function subscribeBuilder(listener: () => void): () => void {
  let unsubscribe = () => {};
  let stopped = false;
  void loadBuilder().then((m) => {
    if (stopped) return;
    unsubscribe = m.useWorkflowBuilder.subscribe(listener);
    listener();
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/** Opens a workflow of the project in the builder, in its own tab. */
export function openWorkflow(name: string): void {
  void loadBuilder();
  const id = `workflow:${name}`;
  const open = useEditor.getState().tabs.find((t) => t.id === id);
  useEditor.getState().openTab(open ?? { id, kind: 'workflow', path: `.weft/workflows/${name}.json`, name });
}

const projectId = () => useProjects.getState().current?.id;

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
  isDirty: (tab) => docDirty(tab.name),
  useIsDirty: (tab) => useSyncExternalStore(subscribeBuilder, () => docDirty(tab.name)),
  save: async (tab) => {
    const id = projectId();
    if (id) await (await loadBuilder()).useWorkflowBuilder.getState().save(id, tab.name);
  },
  // Save from the tab asks before overwriting a workflow changed on disk.
  saveActive: async (tab) => {
    const id = projectId();
    if (id) await (await import('./workflow-actions')).saveWorkflow(id, tab.name);
  },
  close: (tab) => builder?.useWorkflowBuilder.getState().close(tab.name),
  closeAll: () => builder?.useWorkflowBuilder.getState().reset(),
});

registerSideView({ id: 'workflows', title: 'Workflows', icon: Workflow, order: 50, component: WorkflowsView });
registerPanelTab({ id: 'runs', title: 'Runs', order: 20, component: RunsPanel });

// A notice about a workflow run selects it in the Runs panel, as a click on it in the list does.
registerNoticeOpener('workflowRun', ({ projectId, runId }) => {
  showPanelTab('runs');
  void import('./state/workflow-runs')
    .then(async ({ useWorkflowRuns }) => {
      // Loaded for the project first: the panel's own first load would otherwise clear the selection.
      await useWorkflowRuns.getState().load(projectId);
      useWorkflowRuns.getState().select(runId);
    })
    .catch(useNotices.getState().error);
});

registerCommands([
  { id: 'workbench.showWorkflows', title: 'Show Workflows', category: 'View', run: () => showSideView('workflows') },
  ...workflowCommands(),
]);
