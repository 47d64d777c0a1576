import { api } from '../../lib/api';
import { useProjects } from '../../stores/projects';
import { confirmUnsaved } from '../../stores/unsaved';
import { useWorkbench } from '../../stores/workbench';
import { requestPathField } from './path-field-focus';

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
