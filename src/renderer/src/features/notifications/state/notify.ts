import type { Notice } from '../../../../../shared/ipc/domains/notifications';
import { api } from '../../../lib/api';
import { useApp } from '../../../stores/app';
import { useNotices } from '../../../stores/notifications';
import { useSettings } from '../../../stores/settings';
import { addToGroup, describeGroup, groupKey, targetKey } from './grouping';
import { isShowing, openTarget } from './openers';

// Main decides what deserves a notice and sends none while notifications are off. The renderer shows
// a toast, and in browser mode a Web Notification while Weft is in the background; in the desktop
// app the shell shows a native one itself, so the page never shows a second.

/** The page is served to a browser (not the desktop shell). */
const inBrowser = (): boolean => useApp.getState().info?.host === 'browser';

// Main stops sending when they are turned off; this also drops a notice already on its way then.
const enabled = (): boolean => useSettings.getState().settings.notifications.enabled;

/**
 * Asks the browser for OS notifications, on a click (browsers require one; never at page load),
 * the first time the user starts work that may need them. A refusal is the user's answer: the
 * browser keeps it and it is not asked again.
 */
export async function askForNotifications(): Promise<void> {
  if (!inBrowser() || !enabled() || typeof Notification === 'undefined' || Notification.permission !== 'default')
    return;
  // The work starts whatever the answer; a failed request leaves the permission as it was.
  await Notification.requestPermission().catch(() => undefined);
}

/** Each group's toast still on screen, and the notices it names. */
const toasts = new Map<string, { noticeId: number; group: readonly Notice[] }>();

function toast(notice: Notice): void {
  const notices = useNotices.getState();
  const key = groupKey(notice);
  const previous = toasts.get(key);
  const onScreen = previous !== undefined && notices.notices.some((n) => n.id === previous.noticeId);
  const group = addToGroup(onScreen ? previous.group : undefined, notice);
  if (onScreen) notices.dismiss(previous.noticeId);
  const { kind, title, text, label } = describeGroup(group);
  notices.push(kind, title, text, { label, run: () => openTarget(notice.target) });
  const pushed = useNotices.getState().notices.at(-1);
  if (pushed) toasts.set(key, { noticeId: pushed.id, group });
}

function osNotification(notice: Notice): void {
  if (!inBrowser() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(notice.heading, { body: notice.body, tag: `weft-${targetKey(notice.target)}` });
  notification.onclick = () => {
    window.focus();
    openTarget(notice.target);
    notification.close();
  };
}

/**
 * Tells the user about `notice`: an OS notification when Weft is not in front, and a toast unless
 * the user is looking at that task or run already (a failed run's toast over the run that says
 * so is noise, and stays until dismissed).
 */
export function notify(notice: Notice): void {
  if (!enabled()) return;
  const inFront = document.hasFocus();
  if (!inFront || !isShowing(notice.target)) toast(notice);
  if (!inFront) osNotification(notice);
}

api.notifications.attention(notify);
// The desktop shell's native notification was clicked.
api.notifications.reveal(openTarget);
