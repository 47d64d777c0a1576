import type { WorkflowRunEnd, WorkflowRunsPort } from './ports';
import type { WorkflowService } from './workflow-service';

/** WorkflowService as the board sees it: runs in the task's worktree, followed to their end. */
export function workflowRunsPort(
  service: Pick<WorkflowService, 'start' | 'resume' | 'wait' | 'get' | 'cancel'>,
): WorkflowRunsPort {
  return {
    startIn: (projectId, name, inputs, place) => service.start(projectId, name, inputs, place),
    resumeIn: (runId, place) => service.resume(runId, place),
    cancel: (runId) => service.cancel(runId),
    async ended(runId): Promise<WorkflowRunEnd> {
      const outcome = await service.wait(runId);
      if (outcome) {
        if (outcome.status !== 'failed') return { status: outcome.status };
        return { status: 'failed', ...outcome.error, node: outcome.node ?? null };
      }
      // Not live: the record says how it ended (a run a previous process left is interrupted).
      const run = service.get(runId);
      switch (run.status) {
        case 'completed':
        case 'cancelled':
        case 'interrupted':
          return { status: run.status };
        case 'failed':
          return {
            status: 'failed',
            code: run.error?.code ?? 'failed',
            message: run.error?.message ?? 'The workflow run failed.',
            node: null,
          };
        default:
          // Owned by another live process (`weft run`): the board cannot follow it from here.
          return { status: 'interrupted' };
      }
    },
  };
}
