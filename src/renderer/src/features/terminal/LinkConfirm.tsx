import { useRef } from 'react';
import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { api } from '../../lib/api';
import { useLinkPrompt } from './link-prompt';

/** Asks before a link from terminal output leaves for the browser. */
export function LinkConfirm() {
  const url = useLinkPrompt((s) => s.url);
  const dismiss = useLinkPrompt((s) => s.dismiss);
  const desktop = useApp((s) => s.info?.host === 'electron');
  const openRef = useRef<HTMLButtonElement>(null);
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
    <Dialog
      title="Open this link in your browser?"
      description={<div className="rounded-sm bg-wb-input p-2 font-mono text-[12px] break-all">{url}</div>}
      footer={
        <>
          <Button onClick={dismiss}>Cancel</Button>
          <Button ref={openRef} variant="primary" onClick={open}>
            Open Link
          </Button>
        </>
      }
      onClose={dismiss}
      initialFocus={openRef}
      placement="top"
    />
  );
}
