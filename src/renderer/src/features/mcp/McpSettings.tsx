import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { useMcp } from './state/mcp';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { ImportDialog } from './ImportDialog';
import { MCP_SETTINGS_ID } from './scroll';
import { ServerForm } from './ServerForm';
import { ServerRow } from './ServerRow';

/** The MCP Servers section of Settings: Weft's built-in servers and the user's own. */
export function McpSettings() {
  const projectId = useProjects((s) => s.current?.id ?? null);
  const servers = useMcp((s) => s.servers);
  const load = useMcp((s) => s.load);
  const notices = useNotices();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  useEffect(() => {
    load(projectId).catch(notices.error);
  }, [load, projectId, notices.error]);

  return (
    <section id={MCP_SETTINGS_ID} aria-label="MCP Servers" className="scroll-mt-4">
      <h2 className="mt-6 border-b border-wb-border pb-1 text-[11px] tracking-wide text-wb-muted uppercase">
        MCP Servers
      </h2>
      <p className="mt-3 text-[12px] text-wb-muted">
        Agents use the tools of these servers. Weft’s own servers work inside the project; add external servers (a local
        command or a Streamable HTTP URL) for every project or for this one.
      </p>
      <ul aria-label="MCP servers" className="mt-2">
        {servers.map((server) => (
          <ServerRow key={server.id} server={server} projectId={projectId} />
        ))}
      </ul>
      {adding ? (
        <ServerForm projectId={projectId} onDone={() => setAdding(false)} />
      ) : (
        <div className="mt-2 flex gap-2">
          <Button onClick={() => setAdding(true)}>Add a server…</Button>
          <Button onClick={() => setImporting(true)}>Import from JSON…</Button>
        </div>
      )}
      {importing && <ImportDialog projectId={projectId} onClose={() => setImporting(false)} />}
    </section>
  );
}
