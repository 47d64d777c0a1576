import { useSyncExternalStore } from 'react';
import type { Attention } from '../../../../../shared/ipc/domains/tasks';
import { api } from '../../../lib/api';
import { useNotices } from '../../../stores/notifications';

// Toasts and OS notifications when a task wants the user. The on/off choice is the renderer's
// own (localStorage): the settings schema belongs to main, and the choice is about this screen.
// In Electron's renderer the same Web Notifications API shows native OS notifications, so one
// code path serves both hosts.

const KEY = 'weft.board.notifications';
const listeners = new Set<() => void>();

/** Whether board notifications (toasts and OS notifications) are on; on unless turned off. */
export function notificationsOn(): boolean {
  return localStorage.getItem(KEY) !== 'off';
}

export function setNotificationsOn(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  for (const listener of listeners) listener();
}

export function useNotificationsOn(): boolean {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, notificationsOn);
}

/**
 * Asks for OS notifications the first time the user runs the board (a click, which browsers
 * require), never at page load. A refusal is the user's answer and is not asked again.
 */
export async function askForNotifications(): Promise<void> {
  if (!notificationsOn() || typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  await Notification.requestPermission();
}

/** What brings the user to a task: the board tab with the task selected. Set by the contribution. */
let focusTask: (projectId: string, taskId: string) => void = () => undefined;
export function onFocusTask(handler: (projectId: string, taskId: string) => void): void {
  focusTask = handler;
}

const headings: Record<Attention['kind'], [one: string, many: string]> = {
  approval: ['A task needs your approval', 'tasks need your approval'],
  review: ['A task is ready for review', 'tasks are ready for review'],
  failed: ['A task failed', 'tasks failed'],
  done: ['A task landed', 'tasks landed'],
};

/** The board's toast of each kind still on screen, and what it names, so a burst reads as one toast. */
const toasts = new Map<Attention['kind'], { noticeId: number; items: Attention[] }>();

function toast(attention: Attention): void {
  const notices = useNotices.getState();
  const previous = toasts.get(attention.kind);
  const onScreen = previous !== undefined && notices.notices.some((n) => n.id === previous.noticeId);
  const items = onScreen ? [...previous.items.filter((a) => a.taskId !== attention.taskId), attention] : [attention];
  if (onScreen) notices.dismiss(previous.noticeId);
  const [one, many] = headings[attention.kind];
  const text =
    items.length === 1
      ? attention.message
        ? `${attention.title}: ${attention.message}`
        : attention.title
      : items.map((a) => a.title).join(' · ');
  notices.push(
    attention.kind === 'failed' ? 'error' : 'info',
    items.length === 1 ? one : `${items.length} ${many}`,
    text,
    {
      label: items.length === 1 ? 'Show task' : 'Show the latest',
      run: () => focusTask(attention.projectId, attention.taskId),
    },
  );
  const pushed = useNotices.getState().notices.at(-1);
  if (pushed) toasts.set(attention.kind, { noticeId: pushed.id, items });
}

/** Tells the user about `attention`: a toast always, an OS notification when Weft is not in front. */
export function notify(attention: Attention): void {
  if (!notificationsOn()) return;
  toast(attention);
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const text = attention.message ? `${attention.title}: ${attention.message}` : attention.title;
  const notification = new Notification(headings[attention.kind][0], {
    body: text,
    tag: `weft-task-${attention.taskId}`,
  });
  notification.onclick = () => {
    window.focus();
    focusTask(attention.projectId, attention.taskId);
    notification.close();
  };
}

api.tasks.attention(notify);
