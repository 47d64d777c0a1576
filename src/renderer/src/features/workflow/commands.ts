import type { Command } from '../palette';
import { useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { useWorkbench } from '../../stores/workbench';
import { useWorkflows } from './state/workflows';

const activeWorkflow = (): string | null => {
  const { tabs, active } = useEditor.getState();
  const tab = tabs.find((t) => t.id === active);
  return tab?.kind === 'workflow' ? tab.name : null;
};

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
      // The builder (React Flow, dagre) is loaded lazily, with the first workflow tab.
      run: async () => {
        const name = activeWorkflow();
        if (name) (await import('./state/workflow-builder')).useWorkflowBuilder.getState().layout(name);
      },
    },
  ];
}
