import { api } from '../../../lib/api';
import { useEditor } from '../../../stores/editor';
import { useWorkspace } from '../../../stores/workspace';
import type { DiffSpec, DiffTab } from './tabs';

// Diff tabs show revisions by name (HEAD, the index, the working tree), so a commit, a stage or
// an edit on disk changes what they should show: reload them when git or the files say so.

async function side(projectId: string, path: string, which: DiffSpec['left'] | DiffSpec['right']): Promise<string> {
  if (which === 'working') {
    const file = await api.files.read({ projectId, path }).catch(() => null);
    return file?.content ?? '';
  }
  // A file gone from a revision (deleted, unstaged new file) shows as empty, as it does on opening.
  return api.git.show({ projectId, rev: which.rev, path }).catch(() => '');
}

async function reload(projectId: string, tab: DiffTab): Promise<void> {
  const [original, modified] = await Promise.all([
    side(projectId, tab.path, tab.spec.left),
    side(projectId, tab.path, tab.spec.right),
  ]);
  if (useWorkspace.getState().projectId !== projectId) return;
  useEditor.setState((state) => ({
    tabs: state.tabs.map((t) =>
      t.id === tab.id && t.kind === 'diff' && (t.original !== original || t.modified !== modified)
        ? { ...t, original, modified }
        : t,
    ),
  }));
}

let pending: ReturnType<typeof setTimeout> | null = null;

/** Bursts of events (a commit touches the index, HEAD and the ref) make one reload. */
function schedule(projectId: string): void {
  if (projectId !== useWorkspace.getState().projectId) return;
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    const current = useWorkspace.getState().projectId;
    if (!current) return;
    for (const tab of useEditor.getState().tabs)
      if (tab.kind === 'diff') void reload(current, tab).catch(() => undefined);
  }, 100);
}

api.git.changed(({ projectId }) => schedule(projectId));
api.files.changed(({ projectId }) => schedule(projectId));
