import type { Notice } from '../../shared/ipc/domains/notifications';
import type { Attention } from '../../shared/ipc/domains/tasks';
import type { EventHub } from '../ipc/events';
import type { SettingsService } from '../settings/settings-service';
import { AgentRunNotices, WorkflowRunNotices, taskNotice } from './run-notices';

export interface AttentionServiceDeps {
  readonly events: EventHub;
  readonly settings: Pick<SettingsService, 'get'>;
  readonly now?: () => number;
  /** Hides known secrets in text a notice cuts short (the whole notice is scrubbed again on its way out). */
  readonly scrub?: (text: string) => string;
}

/**
 * Decides what wants the user — a board task, an agent run they started, a workflow run — and
 * emits one `notifications.attention` notice for it, unless notifications are off in settings.
 * Every shell (the renderer's toasts, the desktop's OS notifications) shows these and decides
 * nothing itself.
 */
export class AttentionService {
  private readonly agentRuns: AgentRunNotices;
  private readonly workflowRuns: WorkflowRunNotices;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly deps: AttentionServiceDeps) {
    this.agentRuns = new AgentRunNotices(deps.scrub);
    this.workflowRuns = new WorkflowRunNotices((deps.now ?? Date.now)());
    const { events } = deps;
    // Runs are followed while notifications are off too, so turning them on does not announce
    // a change that happened before.
    this.unsubscribe = [
      events.on('agent.entry', ({ runId, entry }) => this.agentRuns.entry(runId, entry)),
      events.on('agent.runChanged', (run) => this.emit(this.agentRuns.changed(run))),
      events.on('workflow.runChanged', (run) => this.emit(this.workflowRuns.changed(run))),
    ];
  }

  /** The board's word about a task (the fleet's onAttention). */
  task(attention: Attention): void {
    this.emit(taskNotice(attention));
  }

  dispose(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }

  private emit(notice: Notice | null): void {
    if (!notice || !this.deps.settings.get().notifications.enabled) return;
    this.deps.events.emit('notifications.attention', notice);
  }
}
