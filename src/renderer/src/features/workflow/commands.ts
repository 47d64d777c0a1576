import type { Command } from '../palette';
import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';
import { useWorkflowBuilder } from './state/workflow-builder';
import { useWorkflows } from './state/workflows';
import { saveWorkflow } from './workflow-actions';

const activeWorkflow = (): string | null => {
  const { tabs, active } = useEditor.getState();
  const tab = tabs.find((t) => t.id === active);
  return tab?.kind === 'workflow' ? tab.name : null;
};

/** Saves the active tab when it is a workflow; false when it is not one. */
export function saveActiveWorkflow(): boolean {
  const name = activeWorkflow();
  const projectId = useProjects.getState().current?.id;
  if (!name || !projectId) return false;
  void saveWorkflow(projectId, name);
  return true;
}

/** The workflow commands of the palette. */
export function workflowCommands(): Command[] {
  const hasProject = () => useProjects.getState().current !== null;
  const inBuilder = () => activeWorkflow() !== null;
  const showPanelTab = () => {
    useWorkbench.getState().setPanelTab('runs');
    void useSettings.getState().update({ layout: { panelVisible: true } });
  };
  return [
    {
      id: 'workflow.new',
      title: 'New Workflow…',
      category: 'Workflows',
      enabled: hasProject,
      run: () => {
        useWorkbench.getState().setSideView('workflows');
        if (!useSettings.getState().settings.layout.sideBarVisible) {
          void useSettings.getState().update({ layout: { sideBarVisible: true } });
        }
        useWorkflows.getState().setCreating(true);
      },
    },
    {
      id: 'workflow.showRuns',
      title: 'Show Workflow Runs',
      category: 'Workflows',
      enabled: hasProject,
      run: showPanelTab,
    },
    {
      id: 'workflow.arrange',
      title: 'Arrange the Workflow Automatically',
      category: 'Workflows',
      enabled: inBuilder,
      run: () => {
        const name = activeWorkflow();
        if (name) useWorkflowBuilder.getState().layout(name);
      },
    },
  ];
}
