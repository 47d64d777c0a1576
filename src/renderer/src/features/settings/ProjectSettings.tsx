import { X } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { checkAllowedHost, MAX_ALLOWED_HOSTS } from '../../../../shared/domain/allowed-hosts';
import { inputClass } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';

/** The id of the open folder's section in Settings, for links from the palette and the status bar. */
export const PROJECT_SETTINGS_ID = 'settings-project';

/** Settings of the open folder: whether its authors are trusted, and where its commands may connect. */
export function ProjectSettings() {
  const project = useProjects((s) => s.current);
  const notices = useNotices();
  if (!project) return null;
  const setTrust = (trusted: boolean) => void useProjects.getState().setTrust(trusted).catch(notices.error);

  return (
    <section id={PROJECT_SETTINGS_ID} aria-label="This folder" className="scroll-mt-4">
      <h2 className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase">
        This folder
      </h2>
      <p className="mt-3 truncate font-mono text-[12px] text-wb-muted" title={project.path}>
        {project.path}
      </p>
      <label className="flex items-start gap-3 py-3">
        <input
          type="checkbox"
          role="switch"
          aria-label="Trust the authors of this folder"
          className="mt-1"
          checked={project.trusted}
          onChange={(e) => setTrust(e.target.checked)}
        />
        <span className="flex flex-col gap-1">
          <span className="font-semibold">Trust the authors of this folder</span>
          <span className="text-[12px] text-wb-muted">
            Off (restricted mode): git hooks and filters, the project’s MCP servers, setup and check commands and
            workflows do not run, and agents ask before every command.
          </span>
        </span>
      </label>
      <AllowedHosts hosts={project.allowedHosts} />
    </section>
  );
}

function AllowedHosts({ hosts }: { hosts: readonly string[] }) {
  const notices = useNotices();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const save = (next: string[]) => useProjects.getState().setAllowedHosts(next);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkAllowedHost(draft);
    if (!check.ok) return setProblem(check.reason);
    if (hosts.includes(check.host)) return setProblem(`${check.host} is already in the list.`);
    if (hosts.length >= MAX_ALLOWED_HOSTS) return setProblem(`A folder can allow at most ${MAX_ALLOWED_HOSTS} hosts.`);
    const submitted = draft;
    try {
      await save([...hosts, check.host]);
      // Whatever was typed while saving stays.
      setDraft((current) => (current === submitted ? '' : current));
    } catch (error) {
      notices.error(error);
    }
  };

  return (
    <div className="flex flex-col gap-1 py-3">
      <span className="font-semibold">Allowed network hosts</span>
      <span className="text-[12px] text-wb-muted">
        Sandboxed commands of this folder may connect to these hosts and no others. Enter a host name
        (registry.npmjs.org) or every subdomain of a domain (*.github.com): no scheme, path or port. Addresses on this
        machine or a private network are refused.
      </span>
      {hosts.length === 0 ? (
        <p className="mt-1 text-[12px] text-wb-muted">No hosts: sandboxed commands have no network.</p>
      ) : (
        <ul aria-label="Allowed hosts" className="mt-1 flex flex-col">
          {hosts.map((host) => (
            <li key={host} className="flex items-center justify-between border-b border-wb-border py-1 font-mono">
              {host}
              <Button
                variant="ghost"
                aria-label={`Remove ${host}`}
                title={`Remove ${host}`}
                onClick={() => save(hosts.filter((h) => h !== host)).catch(notices.error)}
              >
                <X size={14} aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form className="mt-2 flex items-start gap-2" onSubmit={(e) => void add(e)}>
        <input
          aria-label="Host to allow"
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          className={`${inputClass} w-72 font-mono ${problem ? 'border-wb-danger' : ''}`}
          placeholder="host name or *.domain"
          spellCheck={false}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
        />
        <Button type="submit" disabled={draft.trim() === ''}>
          Add host
        </Button>
      </form>
      {problem && (
        <p id={problemId} role="alert" className="text-[12px] text-wb-danger">
          {problem}
        </p>
      )}
    </div>
  );
}
