import { CircleAlert, Loader2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { McpServerState } from '../../../../shared/domain/mcp';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { useMcp } from './state/mcp';
import { useNotices } from '../../stores/notifications';
import { ServerForm } from './ServerForm';

const statusText: Record<McpServerState['status'], string> = {
  stopped: 'disabled',
  starting: 'starting',
  ready: 'ready',
  failed: 'failed',
  restarting: 'restarting',
};

function StatusBadge({ server }: { server: McpServerState }) {
  const tone = server.status === 'ready' ? 'accent' : server.status === 'failed' ? 'danger' : 'muted';
  return (
    <span className="inline-flex items-center gap-1" data-testid="mcp-status">
      {(server.status === 'starting' || server.status === 'restarting') && (
        <Loader2 size={12} className="animate-spin text-wb-muted" />
      )}
      <Badge tone={tone}>{statusText[server.status]}</Badge>
    </span>
  );
}

const builtInText: Record<string, string> = {
  files: 'Reads, finds and changes files inside the project.',
  git: 'Status, diffs, history, blame, commits and branches of the project’s repository.',
  shell: 'Runs command lines in the project, with a time limit.',
  search: 'Searches the text of the project’s files, as the search panel does.',
};

function describeTransport(server: McpServerState): string {
  const t = server.transport;
  if (t.type === 'builtin') return builtInText[server.name] ?? 'Built into Weft.';
  if (t.type === 'http') return t.url;
  return [t.command, ...t.args].join(' ');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** Seconds until the next restart attempt, counting down. */
function RetryIn({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return <span>next attempt in {Math.max(0, Math.ceil((at - now) / 1000))} s</span>;
}

function ToolList({ server }: { server: McpServerState }) {
  return (
    <ul aria-label={`Tools of ${server.name}`} className="mt-2 flex flex-col gap-1 border-l border-wb-border pl-3">
      {server.tools.map((tool) => (
        <li key={tool.name} className="text-[12px]">
          <span className="font-mono">
            {server.name}__{tool.name}
          </span>
          {tool.readOnly && (
            <span className="ml-2">
              <Badge>read-only</Badge>
            </span>
          )}
          {tool.openWorld && (
            <span className="ml-2">
              <Badge>network</Badge>
            </span>
          )}
          {tool.description && <span className="ml-2 text-wb-muted">{firstLine(tool.description)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** One server: state, what it runs, its tools, and what can be done with it. */
export function ServerRow({ server, projectId }: { server: McpServerState; projectId: string | null }) {
  const restart = useMcp((s) => s.restart);
  const remove = useMcp((s) => s.remove);
  const notices = useNotices();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const scope = server.builtIn ? 'built-in' : server.projectId ? 'this project' : 'every project';
  return (
    <li className="border-b border-wb-border py-3 last:border-b-0" aria-label={server.name}>
      <div className="flex items-center gap-2">
        <span className="font-mono font-semibold whitespace-nowrap">{server.name}</span>
        <StatusBadge server={server} />
        <Badge>{scope}</Badge>
        {server.unconfined && (
          <span title="Agent runs use this server outside the sandbox">
            <Badge tone="danger">Unconfined</Badge>
          </span>
        )}
        <span className="ml-auto flex shrink-0 gap-1">
          {!server.builtIn && (
            <>
              <Button
                disabled={!server.enabled}
                onClick={() => void restart(server.id).catch(notices.error)}
                title="Stop the server and start it again"
              >
                Restart
              </Button>
              <Button variant="ghost" onClick={() => setEditing(!editing)}>
                Edit
              </Button>
              <Button variant="ghost" onClick={() => void remove(server.id).catch(notices.error)}>
                Remove
              </Button>
            </>
          )}
        </span>
      </div>
      <div className="mt-1 truncate font-mono text-[12px] text-wb-muted" title={describeTransport(server)}>
        {describeTransport(server)}
      </div>
      {(server.status === 'failed' || server.status === 'restarting') && server.error && (
        <div role="alert" className="mt-1 text-[12px] text-wb-danger">
          <p className="flex items-start gap-1">
            <CircleAlert size={12} className="mt-0.5 shrink-0" />
            <span>
              {server.error}
              {server.status === 'restarting' && server.nextRetryAt !== null && (
                <>
                  {' '}
                  Restart {server.restarts + 1}, <RetryIn at={server.nextRetryAt} />.
                </>
              )}
            </span>
          </p>
          {server.stderrTail && (
            <pre
              aria-label={`Last lines ${server.name} wrote to stderr`}
              className="mt-1 max-h-40 overflow-auto rounded-sm bg-wb-input p-2 font-mono text-[11px] whitespace-pre-wrap text-wb-fg"
            >
              {server.stderrTail}
            </pre>
          )}
        </div>
      )}
      {server.status === 'ready' && (
        <button
          type="button"
          className="mt-1 text-[12px] text-wb-accent hover:underline"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {server.tools.length} {server.tools.length === 1 ? 'tool' : 'tools'}
        </button>
      )}
      {open && server.status === 'ready' && <ToolList server={server} />}
      {editing && <ServerForm editing={server} projectId={projectId} onDone={() => setEditing(false)} />}
    </li>
  );
}
