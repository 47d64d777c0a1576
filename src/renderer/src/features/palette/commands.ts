import type { Keybinding } from '../../lib/keybindings';
import { api } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { useWorkbench, type SideView } from '../../stores/workbench';
import { isDirty, useEditor } from '../../stores/editor';
import { confirmUnsaved } from '../../stores/unsaved';
import { useWorkspace } from '../../stores/workspace';
import { mcpCommands } from '../mcp';
import { modelCommands } from '../models';
import { workflowCommands } from '../workflow';
import { saveActiveWorkflow } from '../workflow/commands';
import { requestPathField } from '../welcome/path-field-focus';

/** A user-invokable action: listed in the palette, bound to keys, sent by the app menu. */
export interface Command {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly keybinding?: Keybinding;
  /** When false the command is hidden from the palette and its keys do nothing. */
  readonly enabled?: () => boolean;
  readonly run: () => void | Promise<void>;
}

const showSide = (view: SideView) => () => {
  const { settings, update } = useSettings.getState();
  useWorkbench.getState().setSideView(view);
  if (!settings.layout.sideBarVisible) void update({ layout: { sideBarVisible: true } });
};

/** Opens a folder with the OS picker where there is one, else the path field on the welcome page. */
export async function openFolder(canPick: boolean): Promise<void> {
  // Asked before the picker too, so a cancelled question never leaves a chosen folder unopened.
  if (!(await confirmUnsaved())) return;
  if (!canPick) {
    useWorkbench.getState().setEditorView('welcome');
    useProjects.getState().close();
    requestPathField();
    return;
  }
  const { path } = await api.app.pickFolder();
  if (path) await useProjects.getState().open(path);
}

/** Every command the workbench has so far; later features append their own lists. */
export function workbenchCommands(caps: { pickFolder: boolean }): Command[] {
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
      run: () => openFolder(caps.pickFolder),
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
      id: 'workbench.showExplorer',
      title: 'Show Explorer',
      category: 'View',
      keybinding: 'Mod+Shift+E',
      run: showSide('explorer'),
    },
    {
      id: 'workbench.showSearch',
      title: 'Show Search',
      category: 'View',
      keybinding: 'Mod+Shift+F',
      run: showSide('search'),
    },
    {
      id: 'workbench.showGit',
      title: 'Show Source Control',
      category: 'View',
      keybinding: 'Ctrl+Shift+G',
      run: showSide('git'),
    },
    { id: 'workbench.showWorkflows', title: 'Show Workflows', category: 'View', run: showSide('workflows') },
    {
      id: 'workbench.showLogs',
      title: 'Show Logs',
      category: 'View',
      run: () => {
        useWorkbench.getState().setPanelTab('logs');
        void useSettings.getState().update({ layout: { panelVisible: true } });
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
        if (saveActiveWorkflow()) return;
        const { active, save } = useEditor.getState();
        return active ? save(active) : undefined;
      },
    },
    {
      id: 'workbench.closeEditor',
      title: 'Close Editor',
      category: 'View',
      keybinding: 'Mod+W',
      enabled: () => useEditor.getState().active !== null,
      run: () => {
        const { active, close, tabs } = useEditor.getState();
        const tab = tabs.find((t) => t.id === active);
        if (tab && isDirty(tab) && !window.confirm('This file has unsaved changes. Close it and lose them?')) return;
        if (active) close(active);
      },
    },
    {
      id: 'workspace.manageTrust',
      title: 'Manage Folder Trust',
      category: 'Workspace',
      enabled: hasProject,
      run: () => useProjects.getState().manageTrust(),
    },
    {
      id: 'search.reindex',
      title: 'Show Index Status',
      category: 'Search',
      enabled: hasProject,
      run: async () => {
        const projectId = useProjects.getState().current?.id;
        if (!projectId) return;
        const s = await api.search.status({ projectId });
        useNotices.getState().push('info', 'Search index', `${s.state}: ${s.indexedFiles} of ${s.totalFiles} files.`);
      },
    },
    {
      id: 'git.compareRevisions',
      title: 'Compare a File Between Revisions…',
      category: 'Git',
      enabled: () => useProjects.getState().current?.isGitRepo === true,
      run: async () => {
        const path = window.prompt('File (relative to the project)', useWorkspace.getState().selected ?? '');
        if (!path) return;
        const left = window.prompt('From revision', 'HEAD~1');
        const right = left ? window.prompt('To revision (empty for the working tree)', 'HEAD') : null;
        if (!left || right === null) return;
        await useEditor.getState().openDiff(path, {
          left: { rev: left, label: left },
          right: right === '' ? 'working' : { rev: right, label: right },
        });
      },
    },
    {
      id: 'git.init',
      title: 'Initialize Repository',
      category: 'Git',
      enabled: () => {
        const current = useProjects.getState().current;
        return current !== null && !current.isGitRepo;
      },
      run: async () => {
        await useProjects.getState().initGit();
        useNotices.getState().push('info', 'Repository initialized', 'git init finished in the project folder.');
      },
    },
    ...modelCommands(),
    ...mcpCommands(),
    ...workflowCommands(),
  ];
}
