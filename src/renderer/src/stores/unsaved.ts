import { create } from 'zustand';
import { ApiError } from '../lib/api';
import { editorPaneFor } from '../lib/contributions';
import { isDirty, useEditor } from './editor';
import { useNotices } from './notifications';

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

interface UnsavedState {
  /** The open question, with the names of what would be lost; null when nothing is asked. */
  prompt: { names: string[]; answer: (choice: UnsavedChoice) => void } | null;
}

export const useUnsaved = create<UnsavedState>(() => ({ prompt: null }));

const dirtyTabs = () => useEditor.getState().tabs.filter(isDirty);

/** What has edits nobody saved: the open tabs whose panes say so (files, workflows…). */
export function unsavedNames(): string[] {
  return dirtyTabs().map((t) => t.path);
}

/** Saves every unsaved editor; false when one could not be saved, so the caller stops. */
async function saveAll(): Promise<boolean> {
  const notices = useNotices.getState();
  for (const tab of dirtyTabs()) {
    const save = editorPaneFor(tab)?.save;
    if (!save) continue;
    try {
      await save(tab);
    } catch (error) {
      // Overwriting a file changed on disk is asked in its own tab, never decided here.
      if (error instanceof ApiError && error.code === 'file_changed_on_disk') {
        const name = tab.path.split('/').pop() ?? tab.path;
        notices.push('error', 'Not saved', `${name} changed on disk; save it from its tab to choose.`);
      } else notices.error(error);
      return false;
    }
    // A conflict with the disk leaves the tab dirty and shows its own question there.
    const after = useEditor.getState().tabs.find((t) => t.id === tab.id);
    if (after && isDirty(after)) return false;
  }
  return true;
}

/**
 * Before an action that would drop unsaved edits (opening or closing a folder): asks Save /
 * Don't Save / Cancel, as VS Code does. True when the action may go on.
 */
export async function confirmUnsaved(): Promise<boolean> {
  const names = unsavedNames();
  if (names.length === 0) return true;
  // One question at a time: a second action while one is asked is dropped, not queued.
  if (useUnsaved.getState().prompt) return false;
  const choice = await new Promise<UnsavedChoice>((resolve) =>
    useUnsaved.setState({ prompt: { names, answer: resolve } }),
  );
  useUnsaved.setState({ prompt: null });
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return saveAll();
}

// A reload or a closed window would drop the edits too. The browser shows its own generic
// question; Electron instead cancels the unload and lets main ask (`will-prevent-unload`).
window.addEventListener('beforeunload', (event) => {
  if (unsavedNames().length === 0) return;
  event.preventDefault();
  // Older Chromium and Electron look at a non-empty returnValue rather than preventDefault.
  event.returnValue = 'unsaved';
});
