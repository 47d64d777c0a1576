import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';

/** What the browser allows, or null where the page does not show OS notifications itself. */
function useBrowserPermission(): [NotificationPermission | null, () => void] {
  const browser = useApp((s) => s.info?.host === 'browser') && typeof Notification !== 'undefined';
  // Re-rendered with the answer; the browser keeps the permission itself.
  const [, setAnswer] = useState<NotificationPermission | null>(null);
  const ask = () => void Notification.requestPermission().then(setAnswer, useNotices.getState().error);
  return [browser ? Notification.permission : null, ask];
}

/** Settings → Notifications: one switch for every toast and OS notification Weft shows. */
export function NotificationsSettings() {
  const enabled = useSettings((s) => s.settings.notifications.enabled);
  const [permission, ask] = useBrowserPermission();
  const id = useId();
  const save = (on: boolean) =>
    void useSettings
      .getState()
      .update({ notifications: { enabled: on } })
      .catch(useNotices.getState().error);
  return (
    <section aria-labelledby={`${id}-heading`} className="scroll-mt-4">
      <h2
        id={`${id}-heading`}
        className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase"
      >
        Notifications
      </h2>
      <div className="flex items-start gap-3 py-3">
        <input
          id={`${id}-switch`}
          type="checkbox"
          role="switch"
          className="mt-1"
          aria-describedby={`${id}-hint`}
          checked={enabled}
          onChange={(e) => save(e.target.checked)}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-switch`} className="font-semibold">
            Show notifications
          </label>
          <span id={`${id}-hint`} className="text-[12px] text-wb-muted">
            When a board task, an agent run or a workflow run needs your approval or review, fails or finishes: a toast
            in Weft, and a system notification while Weft is in the background.
          </span>
          {enabled && permission === 'default' && (
            <span className="flex items-center gap-2 text-[12px] text-wb-muted">
              This browser has not been asked for system notifications yet.
              <Button onClick={ask}>Allow system notifications</Button>
            </span>
          )}
          {enabled && permission === 'denied' && (
            <span className="text-[12px] text-wb-muted">
              This browser blocks Weft’s system notifications; allow them in the site’s settings to get them. Toasts
              still show.
            </span>
          )}
        </div>
      </div>
    </section>
  );
}
