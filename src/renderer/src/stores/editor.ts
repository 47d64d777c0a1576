import { create } from 'zustand';
import { editorPaneFor, editorPanes } from '../lib/contributions';
import { useWorkbench } from './workbench';

/** What every editor tab has; a feature's tab type adds what its pane needs. */
export interface TabBase {
  readonly id: string;
  readonly kind: string;
  /** What the tab stands for (a file's path, a run's title); its tooltip. */
  readonly path: string;
  /** A preview tab (italic) is replaced by the next preview; editing or a double click keeps it. */
  preview?: boolean;
}

/**
 * The kinds of editor tab, by name. Empty here: each feature adds its own by module
 * augmentation (`declare module '…/stores/editor' { interface TabKinds { diff: DiffTab } }`) and
 * registers a pane for it, so this store names no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TabKinds {}

export type Tab = TabKinds[keyof TabKinds];

interface EditorState {
  tabs: Tab[];
  active: string | null;
  /** Opens a tab, or shows the open one with the same id (updated with `tab`). */
  openTab(tab: Tab): void;
  updateTab(id: string, patch: Partial<Tab>): void;
  /** Turns a preview tab into a kept one. */
  pin(id: string): void;
  close(id: string): void;
  activate(id: string): void;
  closeAll(): void;
}

/** True when closing the tab would lose edits; its pane knows. */
export const isDirty = (tab: Tab): boolean => editorPaneFor(tab)?.isDirty?.(tab) ?? false;

/** The open editors: which tabs, in which order, and the active one. */
export const useEditor = create<EditorState>((set, get) => ({
  tabs: [],
  active: null,
  openTab(tab) {
    useWorkbench.getState().setEditorView('welcome');
    const exists = get().tabs.some((t) => t.id === tab.id);
    set({
      tabs: exists ? get().tabs.map((t) => (t.id === tab.id ? ({ ...t, ...tab } as Tab) : t)) : [...get().tabs, tab],
      active: tab.id,
    });
  },
  updateTab(id, patch) {
    set({ tabs: get().tabs.map((t) => (t.id === id ? ({ ...t, ...patch } as Tab) : t)) });
  },
  pin(id) {
    const tab = get().tabs.find((t) => t.id === id);
    if (tab?.preview) get().updateTab(id, { preview: false });
  },
  close(id) {
    const closing = get().tabs.find((t) => t.id === id);
    if (closing) editorPaneFor(closing)?.close?.(closing);
    const tabs = get().tabs.filter((t) => t.id !== id);
    const active = get().active === id ? (tabs.at(-1)?.id ?? null) : get().active;
    set({ tabs, active });
  },
  activate(id) {
    set({ active: id });
  },
  closeAll() {
    for (const pane of editorPanes.all()) pane.closeAll?.();
    set({ tabs: [], active: null });
  },
}));
