import { existsSync } from 'node:fs';
import type { WorkflowEvent, WorkflowRunView } from '../../shared/workflow/run';
import type { RunOutcome } from '../workflow/core/types';

type Out = { write(text: string): unknown; isTTY?: boolean; columns?: number };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Shows a run's journal as it is persisted: JSON lines, a progress bar on a terminal, or plain lines. */
export class WorkflowProgress {
  private readonly running = new Map<string, number>();
  private settled = 0;
  private barShown = false;
  private muted = false;

  constructor(
    private readonly mode: 'json' | 'bar' | 'lines',
    private readonly out: Out,
    /** Top-level steps of the workflow: what the bar counts. */
    private readonly total: number,
  ) {}

  /** Stops writing (the reader went away: `weft run … | head`); the run itself goes on. */
  mute(): void {
    this.muted = true;
  }

  event(runId: string, event: WorkflowEvent): void {
    if (this.muted) return;
    if (this.mode === 'json') {
      this.out.write(`${JSON.stringify({ runId, ...event })}\n`);
      return;
    }
    const node = 'node' in event ? (event.node ?? null) : null;
    const topLevel = node !== null && !node.includes('/');
    switch (event.type) {
      case 'run.started':
        if (event.mode !== 'start') this.line(`Attempt ${event.attempt} (${event.mode}) of run ${runId}`);
        break;
      case 'node.started':
        this.running.set(event.node, event.at);
        break;
      case 'node.completed':
        this.running.delete(event.node);
        if (topLevel) this.settled++;
        if (this.mode === 'lines') this.line(`✓ ${event.node} (${seconds(event.metrics?.durationMs ?? 0)})`);
        break;
      case 'node.failed':
        this.running.delete(event.node);
        if (topLevel && event.handled) this.settled++;
        if (event.error.code !== 'cancelled' || this.mode === 'lines') {
          this.line(`✗ ${event.node}: ${event.error.message}${event.handled ? ' (handled)' : ''}`);
        }
        break;
      case 'node.retried':
        this.line(`↻ ${event.node}: ${event.error.message}; retrying in ${seconds(event.delayMs)}`);
        break;
      case 'node.skipped':
        if (topLevel) this.settled++;
        if (this.mode === 'lines') this.line(`- ${event.node} skipped`);
        break;
      case 'node.waiting':
        this.line(`? ${event.node} waits for approval: ${event.message}`);
        break;
      default:
        break;
    }
    if (this.mode === 'bar') this.bar();
  }

  private line(text: string): void {
    if (this.barShown) this.out.write('\r\x1b[2K');
    this.barShown = false;
    this.out.write(`${text}\n`);
  }

  private bar(): void {
    const width = 24;
    const done = this.total > 0 ? Math.min(1, this.settled / this.total) : 1;
    const filled = Math.round(done * width);
    const now = Date.now();
    const active = [...this.running]
      .map(([node, since]) => `${node} ${seconds(now - since)}`)
      .slice(0, 3)
      .join(', ');
    const more = this.running.size > 3 ? ` +${this.running.size - 3}` : '';
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.settled}/${this.total}${active ? `  ${active}${more}` : ''}`;
    const columns = this.out.columns ?? 100;
    this.out.write(`\r\x1b[2K${text.slice(0, columns - 1)}`);
    this.barShown = true;
  }

  /** The last lines: how it ended, what it cost, where the changes are, how to go on. */
  finish(outcome: RunOutcome | null, run: WorkflowRunView, branch: string | null): void {
    if (this.mode === 'json' || this.muted) return;
    if (this.barShown) this.out.write('\n');
    this.barShown = false;
    const took = seconds((run.finishedAt ?? Date.now()) - run.createdAt);
    const cost =
      run.inputTokens + run.outputTokens > 0
        ? `, ${(run.inputTokens + run.outputTokens).toLocaleString('en')} tokens${run.costUsd !== null ? `, $${run.costUsd.toFixed(4)}` : ''}`
        : '';
    // A run that changed nothing has had its worktree and branch removed when it ended.
    const where = !branch
      ? ''
      : existsSync(run.root)
        ? ` Changes are on ${branch} (worktree ${run.root}).`
        : ' It changed nothing, so no branch was kept.';
    switch (outcome?.status) {
      case 'completed':
        this.out.write(`Completed ${run.workflow} in ${took}${cost}.${where}\n`);
        break;
      case 'failed':
        this.out.write(
          `Failed${outcome.node ? ` at ${outcome.node}` : ''}: ${outcome.error.message}${where}\nResume with: weft runs resume ${run.id}\n`,
        );
        break;
      case 'cancelled':
        this.out.write(`Cancelled.${where} Resume with: weft runs resume ${run.id}\n`);
        break;
      default:
        this.out.write(`Interrupted.${where} Resume with: weft runs resume ${run.id}\n`);
    }
  }
}
