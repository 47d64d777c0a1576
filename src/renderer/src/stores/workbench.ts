import { create } from 'zustand';

export type SideView = 'explorer' | 'search' | 'git' | 'agents' | 'workflows';
export type PanelTab = 'terminal' | 'runs' | 'logs';
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
