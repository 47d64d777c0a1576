// Pure: how the board lays tasks out in columns, orders them and reads a drop.
import type { Task, TaskState } from '../../../../shared/domain/tasks';

export interface Column {
  readonly id: string;
  readonly title: string;
  /** The states shown in the column, each as its own group when there are several. */
  readonly states: readonly TaskState[];
  /** A narrow column for states that are the exception. */
  readonly compact?: boolean;
}

/** The lifecycle left to right; blocked tasks wait under Ready, the ends that are not `done` last. */
export const columns: readonly Column[] = [
  { id: 'backlog', title: 'Backlog', states: ['backlog'] },
  { id: 'ready', title: 'Ready', states: ['ready', 'blocked'] },
  { id: 'running', title: 'Running', states: ['running'] },
  { id: 'validating', title: 'Validating', states: ['validating'] },
  { id: 'review', title: 'Review', states: ['review'] },
  { id: 'merging', title: 'Merging', states: ['merging'] },
  { id: 'done', title: 'Done', states: ['done'] },
  { id: 'stopped', title: 'Failed · Cancelled', states: ['failed', 'cancelled'], compact: true },
];

export const stateLabels: Record<TaskState, string> = {
  backlog: 'Backlog',
  ready: 'Ready',
  running: 'Running',
  validating: 'Validating',
  review: 'Needs review',
  merging: 'Merging',
  done: 'Done',
  failed: 'Failed',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

export type StateTone = 'live' | 'ok' | 'warn' | 'error' | 'muted';

export const stateTones: Record<TaskState, StateTone> = {
  backlog: 'muted',
  ready: 'muted',
  running: 'live',
  validating: 'live',
  review: 'warn',
  merging: 'live',
  done: 'ok',
  failed: 'error',
  blocked: 'muted',
  cancelled: 'muted',
};

/** The scheduler's order: most urgent priority first, then oldest. */
export function byPriority(a: Task, b: Task): number {
  return a.priority - b.priority || a.createdAt - b.createdAt || a.id.localeCompare(b.id);
}

/** Tasks in `state`, in the order the scheduler would take them. */
export function tasksIn(tasks: readonly Task[], state: TaskState): Task[] {
  return tasks.filter((t) => t.state === state).sort(byPriority);
}

/** The columns a task may be dropped on: the user moves tasks only between backlog and the queue. */
export function dropTarget(column: Column): 'backlog' | 'ready' | null {
  if (column.id === 'backlog') return 'backlog';
  if (column.id === 'ready') return 'ready';
  return null;
}

/**
 * The priority a task takes when dropped at `index` among `others` (its column without it, in
 * order). Priorities are five levels, so a drop takes the level of the card it lands after, or one
 * level above the first card when dropped on top; cards of one level stay in age order.
 */
export function priorityAt(others: readonly Task[], index: number): number {
  if (others.length === 0) return 3;
  if (index <= 0) return Math.max(1, others[0]!.priority - 1);
  return others[Math.min(index, others.length) - 1]!.priority;
}

/** The dependencies of `task` that are not done yet, by title. */
export function openDependencies(task: Task, all: Readonly<Record<string, Task>>): Task[] {
  return task.dependsOn.map((id) => all[id]).filter((t): t is Task => t !== undefined && t.state !== 'done');
}

/** "2 running · 1 needs review": how the board is doing, for the status bar; empty when idle. */
export function boardSummary(tasks: readonly Task[]): string {
  const count = (states: readonly TaskState[]) => tasks.filter((t) => states.includes(t.state)).length;
  const parts: string[] = [];
  const running = count(['running', 'validating', 'merging']);
  const review = count(['review']);
  const failed = count(['failed']);
  if (running > 0) parts.push(`${running} running`);
  if (review > 0) parts.push(`${review} ${review === 1 ? 'needs' : 'need'} review`);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(' · ');
}

/**
 * The open items of a pasted Markdown checklist (`- [ ] title` at the left margin), to preview a
 * paste before it is sent; the backend's parse decides (it also keeps indented lines as descriptions).
 */
export function checklistTitles(markdown: string): string[] {
  return markdown
    .split(/\r?\n/)
    .map((line) => /^([-*+]|\d+[.)])\s+\[ \]\s+(.+?)\s*$/.exec(line)?.[2])
    .filter((title): title is string => title !== undefined);
}
