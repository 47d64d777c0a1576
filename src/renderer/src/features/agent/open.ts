import { useAgent } from './state/agent';
import { useEditor } from '../../stores/editor';
import { taskTitle } from './format';

const title = (runId: string) => taskTitle(useAgent.getState().byId[runId]?.task ?? 'Agent run', 32);

/** Opens a run's timeline as an editor tab (loading it the first time). */
export function openRun(runId: string): void {
  useEditor.getState().openTab({ id: `run:${runId}`, kind: 'run', runId, path: title(runId) });
  if (!useAgent.getState().details[runId]) void useAgent.getState().loadRun(runId);
}

/** Opens the review of a run's changes, over a span of checkpoints (default: start to now). */
export function openReview(
  runId: string,
  range: { from: string | null; to: string | null } = { from: null, to: null },
) {
  useEditor
    .getState()
    .openTab({ id: `review:${runId}`, kind: 'review', runId, path: `Review: ${title(runId)}`, range });
}
