import { ArrowUp, Folder, GitBranch, Home } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { FolderListing } from '../../../../shared/ipc/domains/app';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Tooltip, TooltipGroup } from '../../components/ui/Tooltip';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';

/**
 * Browser mode has no OS folder picker, and the browser may be on another machine: this lists
 * the backend's folders under home, so a person can pick one without typing its path.
 */
export function FolderBrowser({ onPick, onCancel }: { onPick(path: string): void; onCancel(): void }) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [asked, setAsked] = useState<{ path: string | null; showHidden: boolean }>({ path: null, showHidden: false });
  const [error, setError] = useState<{ title: string; message: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.app.listFolders(asked).then(
      (next) => {
        if (!live) return;
        setListing(next);
        setError(null);
      },
      (e: unknown) => live && setError(describeError(e)),
    );
    // A slow answer for a folder left already must not replace the newer one.
    return () => {
      live = false;
    };
  }, [asked]);
  const go = (path: string | null) => setAsked({ path, showHidden: asked.showHidden });
  const busy = listing === null;

  const relative = listing ? (listing.path === listing.home ? '~' : `~${listing.path.slice(listing.home.length)}`) : '';
  return (
    <Dialog
      title="Open a folder"
      onClose={onCancel}
      size="md"
      testId="folder-browser"
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" disabled={busy || !listing} onClick={() => listing && onPick(listing.path)}>
            Open this folder
          </Button>
        </>
      }
    >
      <div className="flex items-center gap-2">
        <TooltipGroup>
          <Tooltip label="Home folder" side="bottom">
            <Button
              variant="ghost"
              aria-label="Home folder"
              disabled={busy || !listing || listing.parent === null}
              onClick={() => go(null)}
            >
              <Home size={14} />
            </Button>
          </Tooltip>
          <Tooltip label="Up one folder" side="bottom">
            <Button
              variant="ghost"
              aria-label="Up one folder"
              disabled={busy || !listing?.parent}
              onClick={() => go(listing?.parent ?? null)}
            >
              <ArrowUp size={14} />
            </Button>
          </Tooltip>
        </TooltipGroup>
        <span className="min-w-0 flex-1 truncate font-mono text-[12px]" data-testid="folder-browser-path">
          {relative}
        </span>
        <label className="flex shrink-0 items-center gap-1 text-[12px] text-wb-muted">
          <input
            type="checkbox"
            checked={asked.showHidden}
            onChange={(e) => setAsked({ path: listing?.path ?? asked.path, showHidden: e.target.checked })}
          />
          Hidden folders
        </label>
      </div>
      {error && (
        <div role="alert" className="rounded-sm border border-wb-danger/50 px-3 py-2 text-[12px]">
          <div className="font-semibold text-wb-danger">{error.title}</div>
          <div>{error.message}</div>
        </div>
      )}
      <ul
        aria-label="Folders"
        className="max-h-[50vh] min-h-[12rem] overflow-y-auto rounded-sm border border-wb-border bg-wb-bg py-1"
      >
        {listing?.folders.length === 0 && <li className="px-3 py-1 text-wb-muted">No folders here.</li>}
        {listing?.folders.map((f) => (
          <li key={f.path}>
            <button
              type="button"
              className="flex w-full items-center gap-2 px-3 py-1 text-left text-[13px] hover:bg-wb-hover"
              title={f.repository ? 'A git repository' : undefined}
              onClick={() => go(f.path)}
            >
              {f.repository ? (
                <GitBranch size={14} className="shrink-0 text-wb-accent" aria-hidden />
              ) : (
                <Folder size={14} className="shrink-0 text-wb-muted" aria-hidden />
              )}
              <span className="truncate">{f.name}</span>
            </button>
          </li>
        ))}
        {listing && listing.more > 0 && (
          <li className="px-3 py-1 text-[12px] text-wb-muted">and {listing.more} more, not shown</li>
        )}
      </ul>
    </Dialog>
  );
}
