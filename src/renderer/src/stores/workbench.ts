import { create } from 'zustand';
import { useSettings } from './settings';

/** A registered side view's id (explorer, search…); features register them, so this store names none. */
export type SideView = string;
/** A registered panel tab's id (terminal, logs…). */
export type PanelTab = string;
export type EditorView = 'welcome' | 'settings';

interface WorkbenchState {
  sideView: SideView;
  panelTab: PanelTab;
  editorView: EditorView;
  paletteOpen: boolean;
  setSideView(view: SideView): void;
  setPanelTab(tab: PanelTab): void;
  setEditorView(view: EditorView): void;
  setPaletteOpen(open: boolean): void;
}

/** Which views are showing; layout sizes and visibility live in settings, so they persist. */
export const useWorkbench = create<WorkbenchState>((set) => ({
  sideView: 'explorer',
  panelTab: 'logs',
  editorView: 'welcome',
  paletteOpen: false,
  setSideView: (sideView) => set({ sideView }),
  setPanelTab: (panelTab) => set({ panelTab }),
  setEditorView: (editorView) => set({ editorView }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
}));

/** Shows a side view, opening the side bar if it was hidden. */
export function showSideView(view: SideView): void {
  const { settings, update } = useSettings.getState();
  useWorkbench.getState().setSideView(view);
  if (!settings.layout.sideBarVisible) void update({ layout: { sideBarVisible: true } });
}

/** Shows a panel tab, opening the panel if it was hidden. */
export function showPanelTab(tab: PanelTab): void {
  useWorkbench.getState().setPanelTab(tab);
  const { settings, update } = useSettings.getState();
  if (!settings.layout.panelVisible) void update({ layout: { panelVisible: true } });
}
