import { useId, useState } from 'react';
import type { McpImportResult } from '../../../../shared/domain/mcp';
import { inputClass } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { useMcp } from './state/mcp';
import { useNotices } from '../../stores/notifications';

const example = `{
  "mcpServers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": { "GITHUB_TOKEN": "…" }
    },
    "docs": { "url": "https://mcp.example.com/mcp" }
  }
}`;

/** Pastes a Claude Desktop / Cursor `mcpServers` config; shows what was added and what was skipped. */
export function ImportDialog({ projectId, onClose }: { projectId: string | null; onClose: () => void }) {
  const importJson = useMcp((s) => s.importJson);
  const notices = useNotices();
  const [json, setJson] = useState('');
  const [scope, setScope] = useState<'global' | 'project'>('global');
  const [result, setResult] = useState<McpImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const scopeId = useId();

  const run = async () => {
    setBusy(true);
    try {
      setResult(await importJson(json, scope === 'project' ? projectId : null));
    } catch (error) {
      notices.error(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Import MCP servers from JSON"
      description={
        <p className="text-[12px] text-wb-muted">
          Paste the <span className="font-mono">mcpServers</span> block from Claude Desktop, Cursor or another MCP host.
          Names become lowercase with dashes; servers whose name is taken are skipped, never replaced.
        </p>
      }
      footer={
        <>
          <Button onClick={onClose}>{result ? 'Close' : 'Cancel'}</Button>
          <Button variant="primary" disabled={busy || json.trim().length < 2} onClick={() => void run()}>
            Import
          </Button>
        </>
      }
      onClose={onClose}
      size="md"
      placement="top"
    >
      <textarea
        aria-label="MCP config JSON"
        className={`${inputClass} h-56 font-mono text-[12px]`}
        value={json}
        placeholder={example}
        spellCheck={false}
        onChange={(e) => setJson(e.target.value)}
      />
      <div className="flex items-center gap-2 text-[12px]">
        <label htmlFor={scopeId}>Available in</label>
        <select
          id={scopeId}
          className={inputClass}
          value={scope}
          onChange={(e) => setScope(e.target.value as 'global' | 'project')}
        >
          <option value="global">Every project</option>
          {projectId && <option value="project">This project only</option>}
        </select>
      </div>
      {result && (
        <div role="status" aria-label="Import result" className="text-[12px]">
          {result.added.length > 0 ? (
            <p>
              Added: <span className="font-mono">{result.added.join(', ')}</span>
            </p>
          ) : (
            <p>No servers were added.</p>
          )}
          {result.skipped.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-wb-muted">
              {result.skipped.map((s) => (
                <li key={s.name}>
                  Skipped <span className="font-mono">{s.name}</span>: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}
