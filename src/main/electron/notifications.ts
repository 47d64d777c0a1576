import { Notification, type BrowserWindow } from 'electron';
import type { AttentionTarget, Notice } from '../../shared/ipc/domains/notifications';
import type { EventHub } from '../ipc/events';

const MAX_HELD = 20;

function targetKey(target: AttentionTarget): string {
  return target.type === 'task' ? `task:${target.taskId}` : `${target.type}:${target.runId}`;
}

/**
 * Shows main's notices as OS notifications while Weft's window is not in front (the renderer's
 * toast covers the rest); a click brings the window and the notice's task or run to the front.
 * Main's AttentionService decides what deserves a notice and whether they are on.
 */
export function showOsNotifications(
  events: EventHub,
  getWindow: () => BrowserWindow | null,
  openWindow: () => BrowserWindow,
): () => void {
  /** One per task or run, held until it closes: a notification garbage-collected stops answering clicks. */
  const shown = new Map<string, Notification>();

  const reveal = (target: AttentionTarget) => {
    let win = getWindow();
    if (!win || win.isDestroyed()) {
      // Closed on macOS, where the app lives on: the page hears the reveal once it has loaded.
      win = openWindow();
      win.webContents.once('did-finish-load', () => events.emit('notifications.reveal', target));
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    events.emit('notifications.reveal', target);
  };

  // The scrubbed stream, as a window hears it: a secret in a prompt must not reach the OS either.
  const unsubscribe = events.subscribe((channel, payload) => {
    if (channel !== 'notifications.attention' || !Notification.isSupported()) return;
    const win = getWindow();
    if (win && !win.isDestroyed() && win.isVisible() && !win.isMinimized() && win.isFocused()) return;
    const notice = payload as Notice;
    const key = targetKey(notice.target);
    shown.get(key)?.close();
    shown.delete(key);
    // Not every platform says when a notification went away (Linux ones time out silently): keep
    // the newest few, which are the ones a user can still click.
    for (const [old, stale] of shown) {
      if (shown.size < MAX_HELD) break;
      stale.close();
      shown.delete(old);
    }
    const notification = new Notification({ title: notice.heading, body: notice.body });
    shown.set(key, notification);
    notification.on('click', () => reveal(notice.target));
    notification.on('close', () => {
      if (shown.get(key) === notification) shown.delete(key);
    });
    notification.show();
  });

  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
