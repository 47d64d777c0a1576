import type { AttentionTarget, Notice } from '../../../../../shared/ipc/domains/notifications';

// A burst of notices (four tasks reaching review within a second) reads as one toast that grows,
// not a stack of toasts pushing each other off screen. Notices with the same heading are one group;
// a second notice about the same task or run replaces its first one in the group.

/** What a group's heading becomes with more than one notice in it, by its one-notice heading. */
const plurals: Readonly<Record<string, string>> = {
  'A task needs your approval': 'tasks need your approval',
  'A task is ready for review': 'tasks are ready for review',
  'A task failed': 'tasks failed',
  'A task landed': 'tasks landed',
  'An agent run needs your approval': 'agent runs need your approval',
  'An agent run finished': 'agent runs finished',
  'An agent run stopped': 'agent runs stopped',
  'A workflow run finished': 'workflow runs finished',
  'A workflow run failed': 'workflow runs failed',
  'A workflow run is waiting for you': 'workflow runs are waiting for you',
};

/** Names the task or run a notice is about, so two notices about it are recognised as one. */
export const targetKey = (target: AttentionTarget): string =>
  target.type === 'task' ? `task:${target.taskId}` : `${target.type}:${target.runId}`;

/** Notices with this key share a toast. */
export const groupKey = (notice: Notice): string => notice.heading;

/** The group after `notice` arrives: the ones still on screen (if any), then it, newest last. */
export function addToGroup(onScreen: readonly Notice[] | undefined, notice: Notice): readonly Notice[] {
  const key = targetKey(notice.target);
  return [...(onScreen ?? []).filter((n) => targetKey(n.target) !== key), notice];
}

/** The part of a body that names its task or run ("Fix the login: the check failed" → "Fix the login"). */
function nameOf(body: string): string {
  const colon = body.indexOf(': ');
  const name = colon > 0 ? body.slice(0, colon) : body;
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

export interface GroupToast {
  readonly kind: 'error' | 'info';
  readonly title: string;
  readonly text: string;
  /** The toast's button; it opens the newest notice's task or run. */
  readonly label: string;
}

/** How a group reads as a toast: one notice as it came, several as a count and their names. */
export function describeGroup(group: readonly Notice[]): GroupToast {
  const latest = group.at(-1);
  if (!latest) throw new Error('A notice group is never empty.');
  const kind = latest.kind === 'failed' ? 'error' : 'info';
  if (group.length === 1) {
    return {
      kind,
      title: latest.heading,
      text: latest.body,
      label: latest.target.type === 'task' ? 'Show task' : 'Show run',
    };
  }
  const plural = plurals[latest.heading];
  return {
    kind,
    title: plural ? `${group.length} ${plural}` : `${latest.heading} (${group.length})`,
    text: group.map((n) => nameOf(n.body)).join(' · '),
    label: 'Show the latest',
  };
}
