import { editorPaneFor, type Command } from '../../lib/contributions';
import { useApp } from '../../stores/app';
import { isDirty, useEditor } from '../../stores/editor';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { confirmUnsaved } from '../../stores/unsaved';
import { useWorkbench } from '../../stores/workbench';
import { openFolder } from '../welcome';

const activeTab = () => {
  const { tabs, active } = useEditor.getState();
  return tabs.find((t) => t.id === active);
};

/** The workbench's own commands; features register theirs from their contribution.ts. */
export function workbenchCommands(): Command[] {
  const hasProject = () => useProjects.getState().current !== null;
  return [
    {
      id: 'workbench.commandPalette',
      title: 'Show All Commands',
      category: 'View',
      keybinding: 'Mod+Shift+P',
      run: () => useWorkbench.getState().setPaletteOpen(true),
    },
    {
      id: 'workbench.openFolder',
      title: 'Open Folder…',
      category: 'File',
      keybinding: 'Mod+O',
      run: () => openFolder(useApp.getState().info?.capabilities.pickFolder ?? false),
    },
    {
      id: 'workbench.closeFolder',
      title: 'Close Folder',
      category: 'File',
      enabled: hasProject,
      run: async () => {
        if (!(await confirmUnsaved())) return;
        useProjects.getState().close();
        useWorkbench.getState().setEditorView('welcome');
      },
    },
    {
      id: 'workbench.toggleSideBar',
      title: 'Toggle Side Bar',
      category: 'View',
      keybinding: 'Mod+B',
      run: () => {
        const { settings, update } = useSettings.getState();
        return update({ layout: { sideBarVisible: !settings.layout.sideBarVisible } });
      },
    },
    {
      id: 'workbench.togglePanel',
      title: 'Toggle Panel',
      category: 'View',
      keybinding: 'Mod+J',
      run: () => {
        const { settings, update } = useSettings.getState();
        return update({ layout: { panelVisible: !settings.layout.panelVisible } });
      },
    },
    {
      id: 'workbench.showSettings',
      title: 'Open Settings',
      category: 'Preferences',
      keybinding: 'Mod+,',
      run: () => useWorkbench.getState().setEditorView('settings'),
    },
    ...(['dark', 'light', 'system'] as const).map((theme): Command => ({
      id: `workbench.theme.${theme}`,
      title: `Color Theme: ${theme === 'system' ? 'Follow the System' : theme === 'dark' ? 'Dark' : 'Light'}`,
      category: 'Preferences',
      run: () => useSettings.getState().update({ theme }),
    })),
    {
      id: 'workbench.save',
      title: 'Save',
      category: 'File',
      keybinding: 'Mod+S',
      enabled: () => useEditor.getState().active !== null,
      run: () => {
        const tab = activeTab();
        const pane = tab && editorPaneFor(tab);
        if (!tab || !pane) return;
        return (pane.saveActive ?? pane.save)?.(tab);
      },
    },
    {
      id: 'workbench.closeEditor',
      title: 'Close Editor',
      category: 'View',
      keybinding: 'Mod+W',
      enabled: () => useEditor.getState().active !== null,
      run: () => {
        const tab = activeTab();
        if (tab && isDirty(tab) && !window.confirm('This file has unsaved changes. Close it and lose them?')) return;
        if (tab) useEditor.getState().close(tab.id);
      },
    },
    {
      id: 'workspace.manageTrust',
      title: 'Manage Folder Trust',
      category: 'Workspace',
      enabled: hasProject,
      run: () => useProjects.getState().manageTrust(),
    },
  ];
}
