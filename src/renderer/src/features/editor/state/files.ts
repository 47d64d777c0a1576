import { api, ApiError } from '../../../lib/api';
import { isDirty, useEditor, type Tab } from '../../../stores/editor';
import { useNotices } from '../../../stores/notifications';
import { useWorkbench } from '../../../stores/workbench';
import { useWorkspace } from '../../../stores/workspace';
import { fileIsDirty, type DiffSpec, type DiffTab, type FileTab, type Reveal } from './tabs';

// File and diff tabs: what they hold and how they follow the disk. The tab strip itself (order,
// active, preview, close) is the cross-cutting store in stores/editor.ts.

const projectId = () => {
  const id = useWorkspace.getState().projectId;
  if (!id) throw new ApiError('project_not_found', 'Open a folder first.');
  return id;
};

const tabs = () => useEditor.getState().tabs;
const findFile = (id: string): FileTab | undefined => {
  const tab = tabs().find((t) => t.id === id);
  return tab?.kind === 'file' ? tab : undefined;
};
const update = (id: string, patch: Partial<FileTab> | Partial<DiffTab>) =>
  useEditor.setState({ tabs: tabs().map((t) => (t.id === id ? ({ ...t, ...patch } as Tab) : t)) });

async function loadSide(path: string, side: { rev: string | null } | 'working'): Promise<string> {
  if (side === 'working') {
    const file = await api.files.read({ projectId: projectId(), path }).catch(() => null);
    return file?.content ?? '';
  }
  return api.git.show({ projectId: projectId(), rev: side.rev, path });
}

/** Opens or focuses the file's one tab; `preview` reuses the preview tab instead of adding one. */
export async function openFile(
  path: string,
  target?: number | Reveal,
  { preview = false }: { preview?: boolean } = {},
): Promise<void> {
  useWorkbench.getState().setEditorView('welcome');
  const id = `file:${path}`;
  const reveal = target === undefined ? null : typeof target === 'number' ? { line: target } : { ...target };
  // A second open of the same file (a double click, a click while the first still reads)
  // focuses the one tab; only a kept open turns a preview into a kept tab.
  const focus = (tab: FileTab) => {
    update(id, { preview: tab.preview && preview, ...(reveal ? { reveal } : {}) });
    useEditor.setState({ active: id });
  };
  const existing = findFile(id);
  if (existing) return focus(existing);
  const file = await api.files.read({ projectId: projectId(), path });
  const raced = findFile(id);
  if (raced) return focus(raced);
  const tab: FileTab = { id, kind: 'file', path, file, text: file.content, conflict: null, reveal, preview };
  const next = [...tabs()];
  const replaced = preview ? next.findIndex((t) => t.kind === 'file' && t.preview && !isDirty(t)) : -1;
  if (replaced >= 0) next[replaced] = tab;
  else next.push(tab);
  useEditor.setState({ tabs: next, active: id });
}

export async function openDiff(path: string, spec: DiffSpec): Promise<void> {
  useWorkbench.getState().setEditorView('welcome');
  const rightLabel = spec.right === 'working' ? 'working' : spec.right.label;
  const id = `diff:${spec.left.label}:${rightLabel}:${path}`;
  const [original, modified] = await Promise.all([loadSide(path, spec.left), loadSide(path, spec.right)]);
  const existing = tabs().find((t) => t.id === id);
  if (existing) update(id, { original, modified });
  else useEditor.setState({ tabs: [...tabs(), { id, kind: 'diff', path, spec, original, modified }] });
  useEditor.setState({ active: id });
}

export function editFile(id: string, text: string): void {
  const tab = findFile(id);
  // An edited preview is kept: the next preview must not replace unsaved work.
  update(id, tab?.preview && text !== tab.text ? { text, preview: false } : { text });
}

/** Writes the tab's text; a file changed on disk meanwhile becomes a conflict shown in the tab. */
export async function saveFile(id: string, force = false): Promise<void> {
  const tab = findFile(id);
  if (!tab || tab.file.readOnly || tab.file.kind === 'binary') return;
  try {
    const { mtimeMs } = await api.files.write({
      projectId: projectId(),
      path: tab.path,
      content: tab.text,
      encoding: tab.file.encoding,
      expectedMtimeMs: force ? null : tab.file.mtimeMs,
    });
    const current = findFile(id);
    if (current) update(id, { file: { ...current.file, content: tab.text, mtimeMs }, conflict: null });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'file_changed_on_disk') {
      const disk = await api.files.read({ projectId: projectId(), path: tab.path });
      update(id, { conflict: { disk } });
      return;
    }
    throw error;
  }
}

export async function resolveConflict(id: string, choice: 'reload' | 'keep' | 'compare'): Promise<void> {
  const tab = findFile(id);
  if (!tab?.conflict) return;
  if (choice === 'reload') update(id, { file: tab.conflict.disk, text: tab.conflict.disk.content, conflict: null });
  else if (choice === 'keep') await saveFile(id, true);
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
    useEditor.setState({ tabs: [...tabs().filter((t) => t.id !== diff.id), diff], active: diff.id });
  }
}

async function onDiskChange(paths: string[]): Promise<void> {
  for (const tab of tabs()) {
    if (tab.kind !== 'file' || !paths.includes(tab.path)) continue;
    const disk = await api.files.read({ projectId: projectId(), path: tab.path }).catch(() => null);
    if (!disk || disk.mtimeMs === tab.file.mtimeMs) continue;
    // A clean tab follows the disk; a dirty one asks, so nothing is lost silently.
    if (!fileIsDirty(tab)) update(tab.id, { file: disk, text: disk.content });
    else if (disk.content !== tab.text) update(tab.id, { conflict: { disk } });
  }
}

api.files.changed(({ projectId: id, changes }) => {
  if (id !== useWorkspace.getState().projectId) return;
  onDiskChange(changes.map((c) => c.path)).catch((error: unknown) => useNotices.getState().error(error));
});
