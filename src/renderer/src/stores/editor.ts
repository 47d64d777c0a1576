import { create } from 'zustand';
import type { FileContent } from '../../../shared/domain/files';
import { api, ApiError } from '../lib/api';
import { useNotices } from './notifications';
import { useWorkflowBuilder } from './workflow-builder';
import { useWorkbench } from './workbench';
import { useWorkspace } from './workspace';

/** Which sides a diff tab compares: a revision ('HEAD', a hash), the index (null), or the working file. */
export interface DiffSpec {
  readonly left: { rev: string | null; label: string };
  readonly right: { rev: string | null; label: string } | 'working';
}

export interface FileTab {
  readonly id: string;
  readonly kind: 'file';
  readonly path: string;
  file: FileContent;
  /** The text in the editor; dirty when it differs from `file.content`. */
  text: string;
  /** Set when the file changed on disk while the tab had unsaved edits. */
  conflict: { disk: FileContent } | null;
  /** Where to go once the editor is ready (search results, go to line); a new object each time. */
  reveal: Reveal | null;
  /** A preview tab (italic) is replaced by the next preview; editing or a double click keeps it. */
  preview: boolean;
}

/** A line to show in the middle of the editor, and the match on it to select. */
export interface Reveal {
  readonly line: number;
  /** A search result's preview of the line and the [start, end) of the match within it. */
  readonly match?: { readonly text: string; readonly start: number; readonly end: number };
}

export interface DiffTab {
  readonly id: string;
  readonly kind: 'diff';
  readonly path: string;
  readonly spec: DiffSpec;
  original: string;
  modified: string;
}

/** A workflow open in the visual builder; its contents live in the builder store. */
export interface WorkflowTab {
  readonly id: string;
  readonly kind: 'workflow';
  /** `.weft/workflows/<name>.json`. */
  readonly path: string;
  readonly name: string;
}

/** An agent run's timeline, or the review of its changes, as a wide editor tab. */
export interface AgentTab {
  readonly id: string;
  readonly kind: 'run' | 'review';
  /** What the tab shows as its name. */
  readonly path: string;
  readonly runId: string;
  /** Review only: the span to compare (checkpoint ids; null is the run's start, or now for `to`). */
  range?: { from: string | null; to: string | null };
}

export type Tab = FileTab | DiffTab | AgentTab | WorkflowTab;

interface EditorState {
  tabs: Tab[];
  active: string | null;
  /** Opens or focuses the file's one tab; `preview` reuses the preview tab instead of adding one. */
  open(path: string, target?: number | Reveal, options?: { preview?: boolean }): Promise<void>;
  /** Turns a preview tab into a kept one. */
  pin(id: string): void;
  openDiff(path: string, spec: DiffSpec): Promise<void>;
  /** Opens a workflow of the project in the builder, in its own tab. */
  openWorkflow(name: string): void;
  edit(id: string, text: string): void;
  save(id: string, force?: boolean): Promise<void>;
  close(id: string): void;
  activate(id: string): void;
  resolveConflict(id: string, choice: 'reload' | 'keep' | 'compare'): Promise<void>;
  onDiskChange(paths: string[]): Promise<void>;
  closeAll(): void;
  /** Opens a tab that is not a file (an agent run or its review), or shows and updates it. */
  openTab(tab: AgentTab): void;
  updateTab(id: string, patch: Partial<AgentTab>): void;
}

const projectId = () => {
  const id = useWorkspace.getState().projectId;
  if (!id) throw new ApiError('project_not_found', 'Open a folder first.');
  return id;
};

export const isDirty = (tab: Tab): boolean =>
  tab.kind === 'file'
    ? tab.text !== tab.file.content
    : tab.kind === 'workflow' && useWorkflowBuilder.getState().docs[tab.name]?.dirty === true;

async function loadSide(path: string, side: { rev: string | null } | 'working'): Promise<string> {
  if (side === 'working') {
    const file = await api.files.read({ projectId: projectId(), path }).catch(() => null);
    return file?.content ?? '';
  }
  return api.git.show({ projectId: projectId(), rev: side.rev, path });
}

export const useEditor = create<EditorState>((set, get) => {
  const update = (id: string, patch: Partial<FileTab> | Partial<DiffTab>) =>
    set({ tabs: get().tabs.map((t) => (t.id === id ? ({ ...t, ...patch } as Tab) : t)) });

  return {
    tabs: [],
    active: null,
    async open(path, target, { preview = false } = {}) {
      useWorkbench.getState().setEditorView('welcome');
      const id = `file:${path}`;
      const reveal = target === undefined ? null : typeof target === 'number' ? { line: target } : { ...target };
      // A second open of the same file (a double click, a click while the first still reads)
      // focuses the one tab; only a kept open turns a preview into a kept tab.
      const focus = (tab: FileTab) => {
        update(id, { preview: tab.preview && preview, ...(reveal ? { reveal } : {}) });
        set({ active: id });
      };
      const existing = get().tabs.find((t) => t.id === id);
      if (existing?.kind === 'file') return focus(existing);
      const file = await api.files.read({ projectId: projectId(), path });
      const raced = get().tabs.find((t) => t.id === id);
      if (raced?.kind === 'file') return focus(raced);
      const tab: FileTab = { id, kind: 'file', path, file, text: file.content, conflict: null, reveal, preview };
      const tabs = [...get().tabs];
      const replaced = preview ? tabs.findIndex((t) => t.kind === 'file' && t.preview && !isDirty(t)) : -1;
      if (replaced >= 0) tabs[replaced] = tab;
      else tabs.push(tab);
      set({ tabs, active: id });
    },
    pin(id) {
      const tab = get().tabs.find((t) => t.id === id);
      if (tab?.kind === 'file' && tab.preview) update(id, { preview: false });
    },
    async openDiff(path, spec) {
      useWorkbench.getState().setEditorView('welcome');
      const rightLabel = spec.right === 'working' ? 'working' : spec.right.label;
      const id = `diff:${spec.left.label}:${rightLabel}:${path}`;
      const [original, modified] = await Promise.all([loadSide(path, spec.left), loadSide(path, spec.right)]);
      const existing = get().tabs.find((t) => t.id === id);
      if (existing) update(id, { original, modified });
      else set({ tabs: [...get().tabs, { id, kind: 'diff', path, spec, original, modified }] });
      set({ active: id });
    },
    openWorkflow(name) {
      useWorkbench.getState().setEditorView('welcome');
      const id = `workflow:${name}`;
      if (!get().tabs.some((t) => t.id === id)) {
        const tab: WorkflowTab = { id, kind: 'workflow', path: `.weft/workflows/${name}.json`, name };
        set({ tabs: [...get().tabs, tab] });
      }
      set({ active: id });
    },
    edit(id, text) {
      const tab = get().tabs.find((t) => t.id === id);
      // An edited preview is kept: the next preview must not replace unsaved work.
      update(id, tab?.kind === 'file' && tab.preview && text !== tab.text ? { text, preview: false } : { text });
    },
    async save(id, force = false) {
      const tab = get().tabs.find((t) => t.id === id);
      if (!tab || tab.kind !== 'file' || tab.file.readOnly || tab.file.kind === 'binary') return;
      try {
        const { mtimeMs } = await api.files.write({
          projectId: projectId(),
          path: tab.path,
          content: tab.text,
          encoding: tab.file.encoding,
          expectedMtimeMs: force ? null : tab.file.mtimeMs,
        });
        const current = get().tabs.find((t) => t.id === id) as FileTab | undefined;
        if (current) update(id, { file: { ...current.file, content: tab.text, mtimeMs }, conflict: null });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'file_changed_on_disk') {
          const disk = await api.files.read({ projectId: projectId(), path: tab.path });
          update(id, { conflict: { disk } });
          return;
        }
        throw error;
      }
    },
    close(id) {
      const closing = get().tabs.find((t) => t.id === id);
      if (closing?.kind === 'workflow') useWorkflowBuilder.getState().close(closing.name);
      const tabs = get().tabs.filter((t) => t.id !== id);
      const active = get().active === id ? (tabs.at(-1)?.id ?? null) : get().active;
      set({ tabs, active });
    },
    activate(id) {
      set({ active: id });
    },
    async resolveConflict(id, choice) {
      const tab = get().tabs.find((t) => t.id === id);
      if (!tab || tab.kind !== 'file' || !tab.conflict) return;
      if (choice === 'reload') update(id, { file: tab.conflict.disk, text: tab.conflict.disk.content, conflict: null });
      else if (choice === 'keep') await get().save(id, true);
      else {
        // Compare what is on disk with the unsaved edits, side by side; the file tab keeps both.
        const diff: DiffTab = {
          id: `diff:disk:yours:${tab.path}`,
          kind: 'diff',
          path: tab.path,
          spec: { left: { rev: null, label: 'on disk' }, right: { rev: null, label: 'your edits' } },
          original: tab.conflict.disk.content,
          modified: tab.text,
        };
        set({ tabs: [...get().tabs.filter((t) => t.id !== diff.id), diff], active: diff.id });
      }
    },
    async onDiskChange(paths) {
      for (const tab of get().tabs) {
        if (tab.kind !== 'file' || !paths.includes(tab.path)) continue;
        const disk = await api.files.read({ projectId: projectId(), path: tab.path }).catch(() => null);
        if (!disk || disk.mtimeMs === tab.file.mtimeMs) continue;
        // A clean tab follows the disk; a dirty one asks, so nothing is lost silently.
        if (!isDirty(tab)) update(tab.id, { file: disk, text: disk.content });
        else if (disk.content !== tab.text) update(tab.id, { conflict: { disk } });
      }
    },
    closeAll() {
      useWorkflowBuilder.getState().reset();
      set({ tabs: [], active: null });
    },
    openTab(tab) {
      useWorkbench.getState().setEditorView('welcome');
      const exists = get().tabs.some((t) => t.id === tab.id);
      set({
        tabs: exists ? get().tabs.map((t) => (t.id === tab.id ? { ...t, ...tab } : t)) : [...get().tabs, tab],
        active: tab.id,
      });
    },
    updateTab(id, patch) {
      set({
        tabs: get().tabs.map((t) =>
          t.id === id && (t.kind === 'run' || t.kind === 'review') ? { ...t, ...patch } : t,
        ),
      });
    },
  };
});

api.files.changed(({ projectId: id, changes }) => {
  if (id !== useWorkspace.getState().projectId) return;
  useEditor
    .getState()
    .onDiskChange(changes.map((c) => c.path))
    .catch((error: unknown) => useNotices.getState().error(error));
});
