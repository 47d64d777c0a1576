import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, RunEntry } from '../../shared/domain/agent';
import { WeftError } from '../../shared/ipc/errors';

type ApprovalEntry = Extract<RunEntry, { kind: 'approval' }>;

interface Pending {
  readonly runId: string;
  entry: ApprovalEntry | null;
  readonly resolve: (decision: ApprovalDecision) => void;
  readonly reject: (error: Error) => void;
}

/** Approval cards waiting for the user. They live in memory: after a restart the run is interrupted. */
export class Approvals {
  private readonly pending = new Map<string, Pending>();

  /** Opens a card; `answer` settles with the user's decision, or rejects when the run stops. */
  open(runId: string, signal: AbortSignal): { approvalId: string; answer: Promise<ApprovalDecision> } {
    const approvalId = randomBytes(6).toString('hex');
    const answer = new Promise<ApprovalDecision>((resolve, reject) => {
      // Stopped already (while the card was being prepared): nobody will answer it.
      if (signal.aborted) {
        reject(new WeftError('cancelled', 'The run was stopped.'));
        return;
      }
      const onAbort = () => this.cancel(approvalId);
      // A long run asks many times on one signal; each card lets go of it once answered.
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          signal.removeEventListener('abort', onAbort);
          fn(value);
        };
      this.pending.set(approvalId, { runId, entry: null, resolve: settle(resolve), reject: settle(reject) });
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return { approvalId, answer };
  }

  attach(runId: string, approvalId: string, entry: ApprovalEntry): void {
    const p = this.pending.get(approvalId);
    if (p && p.runId === runId) p.entry = entry;
  }

  /** Removes a pending card so it can be answered exactly once. */
  take(runId: string, approvalId: string): Pending & { entry: ApprovalEntry } {
    const p = this.pending.get(approvalId);
    if (!p || p.runId !== runId || !p.entry)
      throw new WeftError(
        'approval_not_found',
        'That approval is no longer waiting: it was answered, or the run stopped.',
      );
    this.pending.delete(approvalId);
    return p as Pending & { entry: ApprovalEntry };
  }

  cancelRun(runId: string): void {
    for (const [id, p] of this.pending) if (p.runId === runId) this.cancel(id);
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  private cancel(approvalId: string): void {
    const p = this.pending.get(approvalId);
    if (!p) return;
    this.pending.delete(approvalId);
    p.reject(new WeftError('cancelled', 'The run was stopped.'));
  }
}
