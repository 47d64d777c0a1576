import { WORKFLOWS_DIR } from '../../../../shared/domain/workflow';
import { api } from '../../lib/api';
import { useWorkflowBuilder } from './state/workflow-builder';
import { docFor } from './state/workflow-builder-doc';
import { useWorkflows } from './state/workflows';
import { normalize } from './model';

// A workflow open in the builder follows its file when it changes on disk (a pull, another
// editor, a second Weft) as long as it has no unsaved edits; with edits, saving reports the
// conflict instead (the save is refused unless forced), so nothing typed here is lost.

async function reload(projectId: string, name: string): Promise<void> {
  const before = useWorkflowBuilder.getState().docs[name];
  if (!before || before.dirty) return;
  const file = await api.workflow.get({ projectId, name });
  const definition = normalize(file.definition);
  const json = JSON.stringify(definition);
  const now = useWorkflowBuilder.getState().docs[name];
  // Our own save lands here too: same content, nothing to do (and the undo history stays).
  if (
    !now ||
    now.dirty ||
    now.revision !== before.revision ||
    json === now.saved ||
    useWorkflows.getState().projectId !== projectId
  )
    return;
  const fresh = { ...docFor(name, definition, json, file.mtimeMs), issues: file.issues, runId: now.runId };
  useWorkflowBuilder.setState((state) => ({ docs: { ...state.docs, [name]: fresh } }));
}

api.files.changed(({ projectId, changes }) => {
  if (projectId !== useWorkflows.getState().projectId) return;
  const prefix = `${WORKFLOWS_DIR}/`;
  for (const change of changes) {
    if (change.type === 'delete' || !change.path.startsWith(prefix) || !change.path.endsWith('.json')) continue;
    const name = change.path.slice(prefix.length, -'.json'.length);
    if (name.includes('/')) continue;
    void reload(projectId, name).catch(() => undefined);
  }
});
