import { X } from 'lucide-react';
import { useNotices } from '../../stores/notifications';
import { DatabaseNotice } from './DatabaseNotice';

/** Toasts in the bottom-right corner; errors stay until dismissed. */
export function Notices() {
  const { notices, dismiss } = useNotices();
  if (notices.length === 0) return <DatabaseNotice />;
  return (
    <>
      <DatabaseNotice />
      <div className="fixed right-3 bottom-8 z-40 flex w-96 flex-col gap-2">
        {notices.map((n) => (
          <div
            key={n.id}
            role={n.kind === 'error' ? 'alert' : 'status'}
            className="flex gap-2 rounded-sm border border-wb-border bg-wb-side p-3 shadow-lg"
          >
            <div className="min-w-0 flex-1">
              <div className={`font-semibold ${n.kind === 'error' ? 'text-wb-danger' : ''}`}>{n.title}</div>
              <div className="mt-0.5 text-[12px] break-words">{n.message}</div>
              {n.action && (
                <button
                  type="button"
                  className="mt-1 text-[12px] text-wb-accent hover:underline"
                  onClick={() => {
                    n.action!.run();
                    dismiss(n.id);
                  }}
                >
                  {n.action.label}
                </button>
              )}
            </div>
            <button
              type="button"
              aria-label="Dismiss"
              className="self-start text-wb-muted hover:text-wb-fg"
              onClick={() => dismiss(n.id)}
            >
              <X size={14} />
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
