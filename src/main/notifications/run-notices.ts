import { basename } from 'node:path';
import { liveRunStatuses, taskIdOfWorkspace, type RunEntry, type RunView } from '../../shared/domain/agent';
import type { WorkflowRunInfo } from '../../shared/domain/workflow-runs';
import type { Attention } from '../../shared/ipc/domains/tasks';
import type { Notice } from '../../shared/ipc/domains/notifications';
import { liveWorkflowStatuses, type WorkflowRunStatus } from '../../shared/workflow/run';

// What deserves a notice, decided from what the services already publish. Pure apart from the
// memory of each run's last status: a notice is about a change, never about a run being looked at.

/** How much of a run's prompt a notice shows: enough to recognise it in an OS notification. */
const PROMPT_CHARS = 80;

/** Final workflow runs remembered so that a late event about one does not notify twice. */
const KEEP_FINISHED = 500;

const taskHeadings: Record<Attention['kind'], string> = {
  approval: 'A task needs your approval',
  review: 'A task is ready for review',
  failed: 'A task failed',
  done: 'A task landed',
};

/** The board's own notice for a task (the renderer's board e2e reads `${heading}: ${body}`). */
export function taskNotice(attention: Attention): Notice {
  return {
    kind: attention.kind,
    heading: taskHeadings[attention.kind],
    body: attention.message ? `${attention.title}: ${attention.message}` : attention.title,
    target: { type: 'task', projectId: attention.projectId, taskId: attention.taskId },
  };
}

/** A prompt on one line, cut to what a notification can show. */
export function shortPrompt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= PROMPT_CHARS ? line : `${line.slice(0, PROMPT_CHARS - 1).trimEnd()}…`;
}

/** A worktree or branch name that is a board task's (`task-<id>`, on `weft/task-<id>`). */
function isTaskPlace(path: string | null): boolean {
  return path !== null && taskIdOfWorkspace(basename(path)) !== null;
}

/**
 * Agent runs the user started, notified when they need approval, finish or stop. A board task's
 * run is the board's to tell about (approval, review, failed), and a workflow step's run is the
 * workflow's, so neither is notified here.
 */
export class AgentRunNotices {
  /** Last status of each run seen live; a run is forgotten once it ends. */
  private readonly last = new Map<string, RunView['status']>();
  /** The tool a run waits to run, from its approval card (written just before the status says so). */
  private readonly asking = new Map<string, string>();

  entry(runId: string, entry: RunEntry): void {
    if (entry.kind === 'tool' && entry.state === 'awaiting_approval') this.asking.set(runId, entry.tool);
  }

  changed(run: RunView): Notice | null {
    const before = this.last.get(run.id);
    if (liveRunStatuses.includes(run.status)) {
      this.last.set(run.id, run.status);
      if (run.status !== 'awaiting_approval' || before === 'awaiting_approval' || this.ownedElsewhere(run)) return null;
      const tool = this.asking.get(run.id);
      this.asking.delete(run.id);
      return this.notice(
        run,
        'approval',
        'An agent run needs your approval',
        `The agent asks before running ${tool ?? 'a tool'}.`,
      );
    }
    this.last.delete(run.id);
    this.asking.delete(run.id);
    // Not seen live: it ended before this process (start-up) or a review action touched a finished run.
    if (before === undefined || this.ownedElsewhere(run)) return null;
    switch (run.status) {
      case 'completed':
        return this.notice(run, 'done', 'An agent run finished', null);
      case 'failed':
        return this.notice(run, 'failed', 'An agent run stopped', run.error?.message ?? 'It failed.');
      case 'step_limit':
        return this.notice(run, 'failed', 'An agent run stopped', `It reached its step limit (${run.maxSteps} steps).`);
      case 'budget_exceeded':
        return this.notice(
          run,
          'failed',
          'An agent run stopped',
          run.budgetUsd !== null ? `It reached its budget ($${run.budgetUsd.toFixed(2)}).` : 'It reached its budget.',
        );
      default:
        // Cancelled by the user, or interrupted by a restart: nobody needs telling.
        return null;
    }
  }

  private ownedElsewhere(run: RunView): boolean {
    return run.review === 'workflow' || isTaskPlace(run.worktree) || isTaskPlace(run.branch);
  }

  /** `scrub` hides known secrets: before the prompt is cut, since half a secret is not recognised after. */
  constructor(private readonly scrub: (text: string) => string = (text) => text) {}

  private notice(run: RunView, kind: Notice['kind'], heading: string, reason: string | null): Notice {
    const prompt = shortPrompt(this.scrub(run.task));
    return {
      kind,
      heading,
      // A prompt's own full stop would read "run.: The agent…".
      body: reason ? `${prompt.replace(/[.:;,]+$/, '')}: ${reason}` : prompt,
      target: { type: 'agentRun', projectId: run.projectId, runId: run.id },
    };
  }
}

/**
 * Workflow runs, notified when they wait at an approval step, finish or fail. A board task's
 * workflow run works in the task's worktree and is the board's to tell about.
 */
export class WorkflowRunNotices {
  private readonly last = new Map<string, WorkflowRunStatus>();
  /** The steps each live run waits at, as last told. */
  private readonly waitingOn = new Map<string, Set<string>>();

  /** `since`: runs that finished before then are history, not news. */
  constructor(private readonly since: number) {}

  changed(run: WorkflowRunInfo): Notice | null {
    const before = this.last.get(run.id);
    this.remember(run.id, run.status);
    // A second step of a run already waiting (a parallel branch) is news too: its own message.
    const waitedOn = this.waitingOn.get(run.id) ?? new Set<string>();
    const newlyWaiting = run.waiting.filter((w) => !waitedOn.has(w.node));
    if (liveWorkflowStatuses.includes(run.status)) this.waitingOn.set(run.id, new Set(run.waiting.map((w) => w.node)));
    else this.waitingOn.delete(run.id);
    if (isTaskPlace(run.root)) return null;
    if (run.status === 'awaiting_approval') {
      if (newlyWaiting.length === 0) return null;
      const message = newlyWaiting[0]!.message.trim();
      return this.notice(
        run,
        'approval',
        'A workflow run is waiting for you',
        message || 'A step waits for your approval.',
      );
    }
    if (before === run.status || liveWorkflowStatuses.includes(run.status)) return null;
    // Events reach here gathered for a moment, so a quick run may be seen only once it ended.
    const fresh = before !== undefined || (run.finishedAt ?? run.updatedAt) >= this.since;
    if (!fresh) return null;
    switch (run.status) {
      case 'completed':
        return this.notice(run, 'done', 'A workflow run finished', null);
      case 'failed':
        return this.notice(run, 'failed', 'A workflow run failed', run.error?.message ?? 'A step failed.');
      default:
        return null;
    }
  }

  /** Live runs are kept until they end; ended ones only while few, to drop a repeated event. */
  private remember(runId: string, status: WorkflowRunStatus): void {
    this.last.delete(runId);
    this.last.set(runId, status);
    if (this.last.size <= KEEP_FINISHED) return;
    for (const [id, kept] of this.last) {
      if (this.last.size <= KEEP_FINISHED) break;
      if (!liveWorkflowStatuses.includes(kept)) this.last.delete(id);
    }
  }

  private notice(run: WorkflowRunInfo, kind: Notice['kind'], heading: string, reason: string | null): Notice {
    return {
      kind,
      heading,
      body: reason ? `${run.workflow}: ${reason}` : run.workflow,
      target: { type: 'workflowRun', projectId: run.projectId, runId: run.id },
    };
  }
}
