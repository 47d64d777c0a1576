// A run's records outside its drive: the row and first entry of a new run, the step allowance a
// follow-up message gets, and what is written for runs a stopped Weft left live.
import { liveRunStatuses, type RunEntry } from '../../shared/domain/agent';
import type { ModelRef } from '../../shared/domain/models';
import type { Logger } from '../logging/logger';
import { processAlive } from '../terminal/process-tree';
import type { AgentRepo } from './agent-repo';
import type { RunJournal } from './journal';
import { INTERRUPTED_CALL } from './loop';

export const DEFAULT_MAX_STEPS = 40;

/** Opens the journal of a run (AgentService's, bound to its repo, events and clock). */
export type JournalOf = (runId: string) => RunJournal;

/** What a new run is recorded with. */
export interface NewRun {
  readonly id: string;
  readonly projectId: string;
  readonly task: string;
  readonly model: ModelRef;
  readonly branch: string;
  readonly baseBranch: string | null;
  readonly baseCommit: string;
  readonly worktree: string;
  readonly review: 'open' | 'workflow';
  readonly maxSteps: number;
  readonly budgetUsd: number | null;
}

/** Records a new run, its task as the first entry and message, and returns its journal. */
export function recordNewRun(repo: AgentRepo, journalOf: JournalOf, at: number, fields: NewRun): RunJournal {
  const { model, ...rest } = fields;
  repo.insertRun({
    ...rest,
    providerId: model.providerId,
    model: model.model,
    status: 'starting',
    errorCode: null,
    errorMessage: null,
    steps: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ownerPid: process.pid,
    createdAt: at,
    updatedAt: at,
  });
  const journal = journalOf(fields.id);
  journal.add({ kind: 'user', text: fields.task, steps: { allowance: fields.maxSteps, limit: fields.maxSteps } });
  journal.message({ role: 'user', content: fields.task });
  return journal;
}

/** The steps a run's messages each get: what its task got (runs journaled before that was recorded: the default). */
export function stepAllowance(entries: readonly RunEntry[]): number {
  const task = entries.find((e) => e.kind === 'user');
  return task?.kind === 'user' && task.steps ? task.steps.allowance : DEFAULT_MAX_STEPS;
}

/** Tool-call states that only a live run moves on from. */
const openToolStates: ReadonlySet<string> = new Set(['pending', 'awaiting_approval', 'running']);

/** Runs that were live when Weft last stopped are shown as interrupted, with everything kept. */
export function recoverInterruptedRuns(repo: AgentRepo, journalOf: JournalOf, log: Logger): void {
  for (const row of repo.runsWithStatus(liveRunStatuses)) {
    // Another Weft on the same data dir (the app, `weft serve`, the CLI) may be driving it.
    if (row.ownerPid !== null && row.ownerPid !== process.pid && processAlive(row.ownerPid)) continue;
    const journal = journalOf(row.id);
    journal.update({ status: 'interrupted' });
    // Nothing will finish the calls that were open when Weft stopped: their cards would wait
    // or spin for good, even after Continue.
    for (const entry of repo.entries(row.id))
      if (entry.kind === 'tool' && openToolStates.has(entry.state))
        journal.replace(entry, { ...entry, state: 'interrupted', result: entry.result ?? INTERRUPTED_CALL });
    journal.add({
      kind: 'status',
      status: 'interrupted',
      message:
        'Weft stopped while this run was working. Everything up to the last step is kept; send a message to continue.',
    });
    log.warn({ runId: row.id }, 'agent run was interrupted');
  }
}
