import type { Task, TaskState } from '../../shared/domain/tasks';

type Out = { write(text: string): unknown };

const marks: Partial<Record<TaskState, string>> = {
  running: '▶',
  validating: '⧗',
  review: '?',
  merging: '⇢',
  done: '✓',
  failed: '✗',
  cancelled: '-',
  blocked: '…',
  ready: '·',
};

/** The last `n` lines of a command's output, for a terminal that should not scroll a whole test log. */
function tail(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return (lines.length > n ? [`… (${lines.length - n} lines above; weft tasks show <id> has them all)`] : [])
    .concat(lines.slice(-n))
    .join('\n');
}

/**
 * What `weft board run` prints as the board moves: one line per task state change (or, with
 * --json, one JSON event a line), then how each selected task ended.
 */
export class BoardProgress {
  private readonly seen = new Map<string, TaskState>();
  private muted = false;

  constructor(
    private readonly mode: 'json' | 'lines',
    private readonly out: Out,
  ) {}

  /** The reader went away (`| head`): the board goes on, quietly. */
  mute(): void {
    this.muted = true;
  }

  /** Remembers where tasks are without saying so (the board as it was before the run). */
  know(tasks: readonly Task[]): void {
    for (const t of tasks) this.seen.set(t.id, t.state);
  }

  /** A task as it is now; printed only when its state changed. */
  task(task: Task, note?: string): void {
    const before = this.seen.get(task.id) ?? null;
    if (before === task.state && note === undefined) return;
    this.seen.set(task.id, task.state);
    if (before === task.state)
      return this.emit({ type: 'task.note', taskId: task.id, message: note! }, `  ${task.id} ${note}`);
    // A red check goes back to the same run: said, or the line would read as the task starting over.
    if (before === 'validating' && task.state === 'running' && note === undefined)
      note = `the check failed; sent back to the agent, follow-up ${task.checkAttempts}`;
    this.emit(
      { type: 'task.state', taskId: task.id, from: before, to: task.state, task, ...(note ? { message: note } : {}) },
      `${marks[task.state] ?? ' '} ${task.id} ${task.state.padEnd(10)} ${task.title}${note ? ` (${note})` : ''}`,
    );
  }

  /** A line about the board itself (started, landing, stopped). */
  board(type: string, message: string, data: Record<string, unknown> = {}): void {
    this.emit({ type: `board.${type}`, message, ...data }, message);
  }

  /** How each selected task ended; failures with their reason and the end of their check output. */
  finish(tasks: readonly Task[], success: (t: Task) => boolean, reasons: ReadonlyMap<string, string>): void {
    const ok = tasks.filter(success).length;
    if (this.mode === 'json') {
      this.emit(
        {
          type: 'board.finished',
          ok: ok === tasks.length,
          tasks: tasks.map((t) => ({
            taskId: t.id,
            state: t.state,
            reason: reasons.get(t.id) ?? t.failure?.message ?? null,
          })),
        },
        '',
      );
      return;
    }
    const lines = [
      `\n${ok} of ${tasks.length} task${tasks.length === 1 ? '' : 's'} ${ok === tasks.length ? 'finished' : 'finished; the others:'}`,
    ];
    for (const t of tasks.filter((x) => !success(x))) {
      const reason = reasons.get(t.id) ?? t.failure?.message ?? `stopped in ${t.state}`;
      lines.push(`✗ ${t.id} ${t.title}: ${t.state}. ${reason}`);
      if (t.failure?.output) lines.push(tail(t.failure.output, 40).replace(/^/gm, '    '));
    }
    this.write(`${lines.join('\n')}\n`);
  }

  private emit(event: Record<string, unknown>, line: string): void {
    if (this.mode === 'json') this.write(`${JSON.stringify({ at: Date.now(), ...event })}\n`);
    else if (line) this.write(`${line}\n`);
  }

  private write(text: string): void {
    if (!this.muted) this.out.write(text);
  }
}
