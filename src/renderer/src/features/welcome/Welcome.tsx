import { FolderOpen, GitBranch, X } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { formatKeybinding, isMacPlatform } from '../../lib/keybindings';
import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { openFolder } from './open-folder';
import { FolderBrowser } from './FolderBrowser';
import { usePathFieldFocus } from './path-field-focus';

/** The empty editor area: how to open a folder, and the recent list. */
export function Welcome() {
  const canPick = useApp((s) => s.info?.capabilities.pickFolder ?? false);
  const { recent, open, forget, busy, openError, clearError } = useProjects();
  const notices = useNotices();
  const [path, setPath] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const focusRequests = usePathFieldFocus((s) => s.requests);
  const isMac = isMacPlatform();

  const [browsing, setBrowsing] = useState(false);

  // Open Folder… in browser mode focuses the path field, right under the Browse button, so a
  // person who types paths is not interrupted by a dialog.
  useEffect(() => {
    if (focusRequests > 0) field.current?.focus();
  }, [focusRequests]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() === '') return;
    if (await open(path.trim())) setPath('');
  };

  return (
    <div className="h-full overflow-auto">
      <div className="mx-auto flex max-w-2xl flex-col gap-8 px-8 py-[10vh]">
        <header>
          <h1 className="text-3xl font-light">Weft</h1>
          <p className="mt-1 text-wb-muted">A workbench for coding agents that change code safely.</p>
        </header>

        <section className="flex flex-col gap-3">
          <h2 className="text-[15px]">Start</h2>
          <p className="text-wb-muted">
            Drop a folder here, {canPick ? 'Open Folder' : 'browse the folders of this machine'} or type its path below.
          </p>
          {!canPick && (
            <div>
              <Button variant="primary" onClick={() => setBrowsing(true)}>
                <FolderOpen size={14} /> Browse Folders…
              </Button>
            </div>
          )}
          {canPick && (
            <div>
              <Button variant="primary" onClick={() => void openFolder(true).catch(notices.error)}>
                <FolderOpen size={14} /> Open Folder…
              </Button>
            </div>
          )}
          <form onSubmit={(e) => void submit(e)} className="flex gap-2" aria-label="Open a folder by path">
            <input
              ref={field}
              value={path}
              onChange={(e) => {
                setPath(e.target.value);
                if (openError) clearError();
              }}
              placeholder="/path/to/repository"
              aria-label="Folder path"
              spellCheck={false}
              className="min-w-0 flex-1 rounded-sm border border-wb-border bg-wb-input px-2 py-1 font-mono text-[13px] outline-none focus:border-wb-accent"
            />
            <Button type="submit" variant="secondary" disabled={busy || path.trim() === ''}>
              Open
            </Button>
          </form>
          {openError && (
            <div role="alert" className="rounded-sm border border-wb-danger/50 px-3 py-2 text-[12px]">
              <div className="font-semibold text-wb-danger">{openError.title}</div>
              <div>{openError.message}</div>
            </div>
          )}
        </section>

        {browsing && (
          <FolderBrowser
            onCancel={() => {
              setBrowsing(false);
              field.current?.focus();
            }}
            onPick={(picked) => {
              setBrowsing(false);
              void open(picked);
            }}
          />
        )}

        <section className="flex flex-col gap-2" aria-label="Recent projects">
          <h2 className="text-[15px]">Recent</h2>
          {recent.length === 0 ? (
            <p className="text-wb-muted">Folders you open will be listed here.</p>
          ) : (
            <ul className="flex flex-col" data-testid="recent-projects">
              {recent.map((project) => (
                <li key={project.id} className="group flex items-center gap-3 rounded-sm px-2 py-1 hover:bg-wb-hover">
                  <button
                    type="button"
                    className="flex min-w-0 flex-1 items-baseline gap-3 text-left"
                    onClick={() => void open(project.path)}
                  >
                    <span className="text-wb-accent">{project.name}</span>
                    <span className="truncate text-[12px] text-wb-muted">{project.path}</span>
                    {project.branch && (
                      <span className="ml-auto flex shrink-0 items-center gap-1 text-[11px] text-wb-muted">
                        <GitBranch size={11} />
                        {project.branch}
                      </span>
                    )}
                  </button>
                  <button
                    type="button"
                    title="Remove from Recent"
                    aria-label={`Remove ${project.name} from Recent`}
                    className="text-wb-muted opacity-0 group-hover:opacity-100 hover:text-wb-fg focus:opacity-100"
                    onClick={() => void forget(project.id).catch(notices.error)}
                  >
                    <X size={14} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="text-[12px] text-wb-muted">
          Show all commands: <kbd className="font-mono">{formatKeybinding('Mod+Shift+P', isMac)}</kbd>
        </section>
      </div>
    </div>
  );
}
