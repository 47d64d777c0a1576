import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { dialogKeyDown } from '../../components/ui/dialog-keys';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';

/** What restricted mode changes, in the words of someone deciding about a folder. */
const restricted = [
  'Git hooks, fsmonitor and filter drivers from the repository’s git config do not run.',
  'MCP servers the project defines do not start.',
  'Setup and check commands and workflows do not run.',
  'Agent runs ask before every command.',
];

/**
 * "Do you trust the authors of the files in this folder?" — asked the first time a folder opens
 * and reopened from the status bar, the palette or Settings. Focus starts on the safe answer
 * and stays inside; Escape keeps (or, the first time, records) restricted mode.
 */
export function TrustDialog() {
  const project = useProjects((s) => s.current);
  const prompt = useProjects((s) => s.trustPrompt);
  if (!project || !prompt) return null;
  return <TrustQuestion key={project.id} path={project.path} trusted={project.trusted} asking={prompt === 'ask'} />;
}

function TrustQuestion({ path, trusted, asking }: { path: string; trusted: boolean; asking: boolean }) {
  const titleId = useId();
  const bodyId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const restrictRef = useRef<HTMLButtonElement>(null);
  const notices = useNotices();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    restrictRef.current?.focus();
    return () => previous?.focus?.();
  }, []);

  const answer = (trust: boolean) => {
    useProjects
      .getState()
      .setTrust(trust)
      .catch((error: unknown) => notices.error(error));
  };
  // The first time, leaving the question is an answer; later, it keeps the current choice.
  const dismiss = () => (asking ? answer(false) : useProjects.getState().closeTrustPrompt());

  const onKeyDown = (event: KeyboardEvent) => dialogKeyDown(event, boxRef.current, dismiss);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40">
      <div
        ref={boxRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="trust-dialog"
        onKeyDown={onKeyDown}
        className="flex w-[34rem] max-w-[92vw] flex-col gap-3 rounded-sm border border-wb-border bg-wb-side p-5 shadow-xl"
      >
        <div className="flex items-start gap-3">
          {trusted ? (
            <ShieldCheck size={28} className="shrink-0 text-wb-accent" aria-hidden />
          ) : (
            <ShieldAlert size={28} className="shrink-0 text-wb-accent" aria-hidden />
          )}
          <div className="min-w-0">
            <h2 id={titleId} className="text-[15px] font-semibold">
              Do you trust the authors of the files in this folder?
            </h2>
            <div className="mt-1 truncate font-mono text-[12px] text-wb-muted" title={path}>
              {path}
            </div>
          </div>
        </div>
        <div id={bodyId} className="flex flex-col gap-2 text-[13px] leading-relaxed">
          <p>
            A repository can carry code that runs on its own when you work in it. Trust the folder only if you trust
            where it came from.
          </p>
          <p>In restricted mode:</p>
          <ul className="list-disc pl-5">
            {restricted.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <p>
            You can still browse, edit and search the files.
            {!asking && (
              <>
                {' '}
                This folder is <strong>{trusted ? 'trusted' : 'in restricted mode'}</strong> now.
              </>
            )}
          </p>
        </div>
        <div className="mt-1 flex justify-end gap-2">
          <Button ref={restrictRef} onClick={() => answer(false)}>
            {trusted ? 'Switch to restricted mode' : 'Stay in restricted mode'}
          </Button>
          <Button variant="primary" onClick={() => answer(true)}>
            Trust folder
          </Button>
        </div>
      </div>
    </div>
  );
}
