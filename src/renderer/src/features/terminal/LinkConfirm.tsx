import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { Button } from '../../components/ui/Button';
import { api } from '../../lib/api';
import { useLinkPrompt } from './link-prompt';

/** Asks before a link from terminal output leaves for the browser. */
export function LinkConfirm() {
  const url = useLinkPrompt((s) => s.url);
  const dismiss = useLinkPrompt((s) => s.dismiss);
  const desktop = useApp((s) => s.info?.host === 'electron');
  if (!url) return null;
  const open = () => {
    dismiss();
    if (desktop) {
      api.app.openExternal({ url }).catch((error: unknown) => useNotices.getState().error(error));
    } else {
      // Browser mode: the page is already in the user's browser; a new tab without an opener.
      window.open(url, '_blank', 'noopener,noreferrer');
    }
  };
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-black/30 pt-24" onClick={dismiss}>
      <div
        role="dialog"
        aria-label="Open link"
        className="w-[480px] rounded border border-wb-border bg-wb-side p-4 shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="mb-2 text-[13px] font-medium">Open this link in your browser?</div>
        <div className="mb-4 rounded bg-wb-input p-2 font-mono text-[12px] break-all">{url}</div>
        <div className="flex justify-end gap-2">
          <Button onClick={dismiss}>Cancel</Button>
          <Button variant="primary" autoFocus onClick={open}>
            Open Link
          </Button>
        </div>
      </div>
    </div>
  );
}
