import type { RunEntry, RunEntryBody, RunStatus, RunView } from '../../shared/domain/agent';
import type { ErrorData } from '../../shared/ipc/errors';
import type { EventHub } from '../ipc/events';
import type { ChatMessage } from '../models/core/types';
import type { AgentRepo, RunRow } from './agent-repo';

/** A run's summary as the contract shows it. */
export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    projectId: row.projectId,
    task: row.task,
    model: { providerId: row.providerId, model: row.model },
    status: row.status as RunStatus,
    error: row.errorCode ? ({ code: row.errorCode, message: row.errorMessage ?? '' } as ErrorData) : null,
    branch: row.branch,
    baseBranch: row.baseBranch,
    baseCommit: row.baseCommit,
    worktree: row.worktree,
    review: row.review as RunView['review'],
    steps: row.steps,
    maxSteps: row.maxSteps,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costUsd: row.costUsd,
    budgetUsd: row.budgetUsd,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * One run's journal: every entry, message and summary change is written to SQLite first and
 * then sent to the renderer, so what the UI shows is what survives a crash.
 */
export class RunJournal {
  private seq: number;
  private messageCount: number;

  constructor(
    readonly runId: string,
    private readonly repo: AgentRepo,
    private readonly events: EventHub,
    private readonly now: () => number,
    /** Hears each entry as it is written, in this process (a workflow step's log). */
    private readonly onEntry?: (entry: RunEntry) => void,
  ) {
    // A journal is made for every request about a run: it reads two numbers, not the run's history.
    this.seq = repo.lastSeq(runId);
    this.messageCount = repo.messageCount(runId);
  }

  /** Appends a timeline entry and returns it with its seq. */
  add(body: RunEntryBody): RunEntry {
    const entry = { ...body, seq: ++this.seq, at: this.now() } as RunEntry;
    this.repo.putEntry(this.runId, entry);
    this.events.emit('agent.entry', { runId: this.runId, entry });
    this.onEntry?.(entry);
    return entry;
  }

  /** Rewrites entry `seq` (its time stays). */
  replace(entry: RunEntry, body: RunEntryBody): RunEntry {
    const next = { ...body, seq: entry.seq, at: entry.at } as RunEntry;
    this.repo.putEntry(this.runId, next);
    this.events.emit('agent.entry', { runId: this.runId, entry: next });
    this.onEntry?.(next);
    return next;
  }

  /** Streaming text: sent to the UI now, persisted with the entry when the model call ends. */
  delta(seq: number, text: string): void {
    this.events.emit('agent.delta', { runId: this.runId, seq, text });
  }

  message(message: ChatMessage): void {
    this.repo.appendMessage(this.runId, this.messageCount++, message);
  }

  messages(): ChatMessage[] {
    return this.repo.messages(this.runId);
  }

  /** Updates the summary row and tells the UI. */
  update(patch: Partial<Omit<RunRow, 'id'>>): RunView {
    this.repo.updateRun(this.runId, { ...patch, updatedAt: this.now() });
    const view = toRunView(this.repo.run(this.runId)!);
    this.events.emit('agent.runChanged', view);
    return view;
  }

  row(): RunRow {
    return this.repo.run(this.runId)!;
  }
}
