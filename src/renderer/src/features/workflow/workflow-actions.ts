import { ApiError } from '../../lib/api';
import { useNotices } from '../../stores/notifications';
import { useWorkflowBuilder } from './state/workflow-builder';
import { useWorkflowRuns } from './state/workflow-runs';

/** Saves a workflow tab; when the file changed on disk meanwhile, asks before overwriting it. */
export async function saveWorkflow(projectId: string, name: string): Promise<boolean> {
  const builder = useWorkflowBuilder.getState();
  try {
    await builder.save(projectId, name);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'file_changed_on_disk') {
      useNotices.getState().error(error);
      return false;
    }
    if (
      !window.confirm(`${name}.json changed on disk since it was opened. Overwrite it with the workflow shown here?`)
    ) {
      return false;
    }
    try {
      await builder.save(projectId, name, true);
    } catch (again) {
      useNotices.getState().error(again);
      return false;
    }
  }
  const issues = useWorkflowBuilder.getState().docs[name]?.issues.length ?? 0;
  if (issues > 0) {
    useNotices
      .getState()
      .push('info', 'Saved as a draft', `${name} has ${issues} problem${issues === 1 ? '' : 's'}; fix them to run it.`);
  }
  return true;
}

/** Saves unsaved edits, then starts a run of the saved file and shows it on the canvas. */
export async function startRun(projectId: string, name: string, inputs: Record<string, unknown>): Promise<void> {
  const doc = useWorkflowBuilder.getState().docs[name];
  if (!doc) return;
  if (doc.dirty && !(await saveWorkflow(projectId, name))) return;
  const issues = useWorkflowBuilder.getState().docs[name]?.issues.length ?? 0;
  if (issues > 0) {
    useNotices
      .getState()
      .push('error', 'The workflow has problems', 'Fix the problems listed under the canvas to run it.');
    return;
  }
  try {
    const run = await useWorkflowRuns.getState().start(projectId, name, inputs);
    useWorkflowBuilder.getState().attachRun(name, run.id);
  } catch (error) {
    useNotices.getState().error(error);
  }
}
