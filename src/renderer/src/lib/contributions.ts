import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { Tab, TabKinds } from '../stores/editor';
import { useNotices } from '../stores/notifications';
import type { Keybinding } from './keybindings';
import { Registry, useRegistry, type Contribution } from './registry';

// What features bring to the workbench, registered from each feature's contribution.ts (imported
// once, from contributions.ts) the way VS Code's *.contribution.ts files fill its registries. The
// chrome (activity bar, side bar, editor group, panel, status bar, settings, palette) renders
// whatever is registered here and names no feature.

/** A user-invokable action: listed in the palette, bound to keys, sent by the app menu. */
export interface Command extends Contribution {
  readonly title: string;
  readonly category: string;
  readonly keybinding?: Keybinding;
  /** When false the command is hidden from the palette and its keys do nothing. */
  readonly enabled?: () => boolean;
  readonly run: () => void | Promise<void>;
}

/** How the editor group shows and handles one kind of tab. */
export interface EditorPane<T extends Tab = Tab> {
  readonly component: ComponentType<{ tab: T }>;
  /** The tab's name in the strip (the close button and the unsaved question use it too). */
  readonly title: (tab: T) => string;
  /** Said after the title, e.g. " (diff)". */
  readonly suffix?: string;
  readonly icon?: LucideIcon;
  /** Diffs read in italics, as previews do. */
  readonly italic?: boolean;
  /** True when closing the tab would lose edits. */
  readonly isDirty?: (tab: T) => boolean;
  /** A hook, for panes whose dirty state lives outside the tab, so the strip follows it. */
  readonly useIsDirty?: (tab: T) => boolean;
  /** Saves the tab for "save all" (before closing a folder); throws when it could not. */
  readonly save?: (tab: T) => Promise<void>;
  /** The Save command on the active tab, when it asks or reports differently from `save`. */
  readonly saveActive?: (tab: T) => void | Promise<void>;
  /** Forgets what the feature holds for a closed tab. */
  readonly close?: (tab: T) => void;
  /** Forgets everything the feature holds for its tabs (the folder closed). */
  readonly closeAll?: () => void;
}

interface RegisteredPane extends EditorPane, Contribution {}

/** A view in the side bar, with its activity bar icon. */
export interface SideViewContribution extends Contribution {
  readonly title: string;
  readonly icon: LucideIcon;
  readonly component: ComponentType;
}

/** A tab of the bottom panel. */
export interface PanelTabContribution extends Contribution {
  readonly title: string;
  readonly component: ComponentType;
  /** The view scrolls itself (a terminal); otherwise the panel scrolls it. */
  readonly ownsScrolling?: boolean;
}

/** A section of the settings editor; it renders its own heading. */
export interface SettingsSectionContribution extends Contribution {
  readonly component: ComponentType;
}

/** An item in the status bar, on its left (where you are) or right (how things are). */
export interface StatusItemContribution extends Contribution {
  readonly align: 'left' | 'right';
  readonly component: ComponentType;
}

export const commands = new Registry<Command>('command');
export const editorPanes = new Registry<RegisteredPane>('editor pane');
export const sideViews = new Registry<SideViewContribution>('side view');
export const panelTabs = new Registry<PanelTabContribution>('panel tab');
export const settingsSections = new Registry<SettingsSectionContribution>('settings section');
export const statusItems = new Registry<StatusItemContribution>('status item');

export const registerCommand = (command: Command): (() => void) => commands.register(command);

/** Runs a command; a failure becomes a notice, never a silent rejection. */
export async function runCommand(command: Command): Promise<void> {
  if (command.enabled && !command.enabled()) return;
  try {
    await command.run();
  } catch (error) {
    useNotices.getState().error(error);
  }
}

/** Registers several commands; the disposer removes them all. */
export function registerCommands(list: readonly Command[]): () => void {
  const disposers = list.map(registerCommand);
  return () => disposers.forEach((dispose) => dispose());
}

/** Shows tabs of `kind` (declared by the feature in `TabKinds`) with this pane. */
export function registerEditorPane<K extends keyof TabKinds>(kind: K, pane: EditorPane<TabKinds[K]>): () => void {
  // Stored by kind; `editorPaneFor` only ever hands a pane tabs of its own kind.
  return editorPanes.register({ id: kind, ...(pane as unknown as EditorPane) });
}

export const editorPaneFor = (tab: Tab): EditorPane | undefined => editorPanes.get(tab.kind);

export const registerSideView = (view: SideViewContribution): (() => void) => sideViews.register(view);
export const registerPanelTab = (tab: PanelTabContribution): (() => void) => panelTabs.register(tab);
export const registerSettingsSection = (section: SettingsSectionContribution): (() => void) =>
  settingsSections.register(section);
export const registerStatusItem = (item: StatusItemContribution): (() => void) => statusItems.register(item);

// Hooks for the chrome: each re-renders when its kind of contribution is added or removed.
export const useCommands = (): readonly Command[] => useRegistry(commands);
export const useEditorPanes = (): readonly EditorPane[] => useRegistry(editorPanes);
export const useSideViews = (): readonly SideViewContribution[] => useRegistry(sideViews);
export const usePanelTabs = (): readonly PanelTabContribution[] => useRegistry(panelTabs);
export const useSettingsSections = (): readonly SettingsSectionContribution[] => useRegistry(settingsSections);
export const useStatusItems = (): readonly StatusItemContribution[] => useRegistry(statusItems);
