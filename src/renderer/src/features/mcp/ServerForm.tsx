import { useState } from 'react';
import type { McpServerState } from '../../../../shared/domain/mcp';
import { inputClass } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { FormRow } from '../../components/ui/FormRow';
import { useMcp } from './state/mcp';
import { useNotices } from '../../stores/notifications';
import { namesAsEntries, parseArgsText, parseEntries } from './entries';

type Kind = 'stdio' | 'http';

/**
 * Adds an external MCP server, or edits one. Env and header values are write-only: an edit
 * shows their names, and a name left without a value keeps the stored value.
 */
export function ServerForm({
  editing,
  projectId,
  onDone,
}: {
  editing?: McpServerState;
  projectId: string | null;
  onDone: () => void;
}) {
  const save = useMcp((s) => s.save);
  const notices = useNotices();
  const t = editing?.transport;
  const [kind, setKind] = useState<Kind>(t?.type === 'http' ? 'http' : 'stdio');
  const [name, setName] = useState(editing?.name ?? '');
  const [scope, setScope] = useState<'global' | 'project'>(editing?.projectId ? 'project' : 'global');
  const [command, setCommand] = useState(t?.type === 'stdio' ? t.command : '');
  const [args, setArgs] = useState(t?.type === 'stdio' ? t.args.join('\n') : '');
  const [env, setEnv] = useState(t?.type === 'stdio' ? namesAsEntries(t.envNames, '=') : '');
  const [url, setUrl] = useState(t?.type === 'http' ? t.url : '');
  const [headers, setHeaders] = useState(t?.type === 'http' ? namesAsEntries(t.headerNames, ':') : '');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [unconfined, setUnconfined] = useState(editing?.unconfined ?? false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const pairs = kind === 'stdio' ? parseEntries(env, '=') : parseEntries(headers, ':');
    if (pairs.error) {
      setProblem(pairs.error);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await save({
        ...(editing ? { id: editing.id } : {}),
        name: name.trim(),
        projectId: scope === 'project' ? (editing?.projectId ?? projectId) : null,
        transport:
          kind === 'stdio'
            ? { type: 'stdio', command: command.trim(), args: parseArgsText(args), env: pairs.entries }
            : { type: 'http', url: url.trim(), headers: pairs.entries },
        enabled,
        unconfined: kind === 'stdio' && unconfined,
      });
      onDone();
    } catch (error) {
      notices.error(error);
    } finally {
      setBusy(false);
    }
  };

  const id = (field: string) => `mcp-${editing?.id ?? 'new'}-${field}`;
  const canProject = projectId !== null || editing?.projectId;
  return (
    <form
      aria-label={editing ? `Edit ${editing.name}` : 'Add an MCP server'}
      className="mt-2 grid grid-cols-[9rem_1fr] items-start gap-x-3 gap-y-2 rounded-sm border border-wb-border p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FormRow
        label="Name"
        hint={
          <>
            Lowercase letters, digits and -; the model sees its tools as{' '}
            <span className="font-mono">{name || 'name'}__tool</span>.
          </>
        }
      >
        {(field) => (
          <input
            {...field}
            className={`${inputClass} font-mono`}
            value={name}
            placeholder="github"
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </FormRow>
      <FormRow label="Available in">
        {(field) => (
          <select
            {...field}
            className={inputClass}
            value={scope}
            onChange={(e) => setScope(e.target.value as 'global' | 'project')}
          >
            <option value="global">Every project</option>
            {canProject && <option value="project">This project only</option>}
          </select>
        )}
      </FormRow>
      <FormRow label="Transport">
        {(field) => (
          <select {...field} className={inputClass} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="stdio">Local command (stdio)</option>
            <option value="http">Streamable HTTP URL</option>
          </select>
        )}
      </FormRow>
      {kind === 'stdio' ? (
        <>
          <FormRow label="Command">
            {(field) => (
              <input
                {...field}
                className={`${inputClass} font-mono`}
                value={command}
                placeholder="npx"
                onChange={(e) => setCommand(e.target.value)}
              />
            )}
          </FormRow>
          <FormRow label="Arguments" hint="One argument a line.">
            {(field) => (
              <textarea
                {...field}
                className={`${inputClass} h-16 font-mono`}
                value={args}
                placeholder={'-y\n@modelcontextprotocol/server-github'}
                onChange={(e) => setArgs(e.target.value)}
              />
            )}
          </FormRow>
          <FormRow
            label="Environment"
            hint={
              <>
                NAME=value, one a line. Values are stored encrypted and never shown again
                {editing ? '; leave a value empty to keep the stored one' : ''}.
              </>
            }
          >
            {(field) => (
              <textarea
                {...field}
                className={`${inputClass} h-16 font-mono`}
                value={env}
                placeholder="GITHUB_TOKEN=…"
                onChange={(e) => setEnv(e.target.value)}
              />
            )}
          </FormRow>
          <label htmlFor={id('unconfined')} className="col-start-2 flex items-center gap-2">
            <input
              id={id('unconfined')}
              type="checkbox"
              className="focus-visible:outline-offset-2!"
              checked={unconfined}
              aria-describedby={id('unconfined-hint')}
              onChange={(e) => setUnconfined(e.target.checked)}
            />
            Run unconfined (trusted)
          </label>
          <span id={id('unconfined-hint')} className="col-start-2 -mt-1 text-[11px] text-wb-muted">
            Agent runs use this server outside the sandbox: it can write anywhere you can and reach the network.
          </span>
        </>
      ) : (
        <>
          <FormRow label="URL">
            {(field) => (
              <input
                {...field}
                className={`${inputClass} font-mono`}
                value={url}
                placeholder="https://mcp.example.com/mcp"
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </FormRow>
          <FormRow
            label="Headers"
            hint={
              <>
                Name: value, one a line. Values are stored encrypted and never shown again
                {editing ? '; leave a value empty to keep the stored one' : ''}.
              </>
            }
          >
            {(field) => (
              <textarea
                {...field}
                className={`${inputClass} h-16 font-mono`}
                value={headers}
                placeholder="Authorization: Bearer …"
                onChange={(e) => setHeaders(e.target.value)}
              />
            )}
          </FormRow>
        </>
      )}
      <FormRow label="Enabled">
        {(field) => (
          <input
            {...field}
            type="checkbox"
            className="mt-1.5 self-start"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
        )}
      </FormRow>
      {problem && (
        <p role="alert" className="col-span-2 text-[12px] text-wb-danger">
          {problem}
        </p>
      )}
      <div className="col-span-2 flex justify-end gap-2 pt-1">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" disabled={busy}>
          {editing ? 'Save' : 'Add server'}
        </Button>
      </div>
    </form>
  );
}
