import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
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
  const restrictRef = useRef<HTMLButtonElement>(null);
  const notices = useNotices();

  const answer = (trust: boolean) => {
    useProjects
      .getState()
      .setTrust(trust)
      .catch((error: unknown) => notices.error(error));
  };
  // The first time, leaving the question is an answer; later, it keeps the current choice.
  const dismiss = () => (asking ? answer(false) : useProjects.getState().closeTrustPrompt());

  const Shield = trusted ? ShieldCheck : ShieldAlert;
  return (
    <Dialog
      title="Do you trust the authors of the files in this folder?"
      icon={<Shield size={28} className="shrink-0 text-wb-accent" aria-hidden />}
      subtitle={
        <div className="mt-1 truncate font-mono text-[12px] text-wb-muted" title={path}>
          {path}
        </div>
      }
      description={
        <div className="flex flex-col gap-2">
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
      }
      footer={
        <>
          <Button ref={restrictRef} onClick={() => answer(false)}>
            {trusted ? 'Switch to restricted mode' : 'Stay in restricted mode'}
          </Button>
          <Button variant="primary" onClick={() => answer(true)}>
            Trust folder
          </Button>
        </>
      }
      onClose={dismiss}
      initialFocus={restrictRef}
      dismissOnOutsideClick={false}
      size="md"
      testId="trust-dialog"
    />
  );
}
