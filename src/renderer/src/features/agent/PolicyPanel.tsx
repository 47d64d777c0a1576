import { Plus, RefreshCw, X } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { policyActionSchema, type AuditRow, type PolicyRule } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { useAgent } from './state/agent';
import { useApp } from '../../stores/app';
import { useNotices } from '../../stores/notifications';
import { useSettings } from '../../stores/settings';
import { clip, formatAge } from './format';
import { ErrorNote, Loading, Tag, inputClass, useNow } from './ui';

type Failure = { title: string; message: string };
const actionTone = { allow: 'ok', ask: 'warn', deny: 'error' } as const;

/** The approval policy's rules for a project (and the global ones): list, add, remove. */
export function RulesPanel({ projectId }: { projectId: string }) {
  const [rules, setRules] = useState<PolicyRule[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [tool, setTool] = useState('');
  const [command, setCommand] = useState('');
  const [action, setAction] = useState<'allow' | 'ask' | 'deny'>('allow');
  const [global, setGlobal] = useState(false);

  const [version, setVersion] = useState(0);
  const load = () => setVersion((v) => v + 1);
  useEffect(() => {
    let current = true;
    api.agent
      .rules({ projectId })
      .then((r) => current && (setRules(r), setError(null)))
      .catch((e: unknown) => current && setError(describeError(e)));
    return () => {
      current = false;
    };
  }, [projectId, version]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!tool.trim()) return;
    try {
      await api.agent.saveRule({
        projectId: global ? null : projectId,
        tool: tool.trim(),
        command: command.trim() || null,
        action,
      });
      setTool('');
      setCommand('');
      load();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const remove = async (id: string) => {
    try {
      await api.agent.removeRule({ id });
      load();
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div className="flex flex-col gap-2 px-3 text-[12px]">
      <ApproveAllSwitch />
      {rules === null && !error && <Loading>Loading rules…</Loading>}
      {rules?.length === 0 && (
        <p className="text-wb-muted">
          No rules yet: the agent asks before it runs a command or changes a file. “Always allow” on an approval card
          adds one.
        </p>
      )}
      {rules && rules.length > 0 && (
        <ul aria-label="Approval rules" className="flex flex-col gap-1">
          {rules.map((rule) => (
            <li
              key={rule.id}
              aria-label={`${rule.action} ${rule.tool}${rule.command ? ` ${rule.command}` : ''}`}
              className="group flex items-center gap-2"
            >
              <Tag tone={actionTone[rule.action]}>{rule.action}</Tag>
              <span className="min-w-0 flex-1 truncate font-mono" title={`${rule.tool} ${rule.command ?? ''}`}>
                {rule.tool}
                {rule.command && <span className="text-wb-muted"> · {rule.command}</span>}
              </span>
              {rule.projectId === null && <Tag title="Applies to every project">all projects</Tag>}
              <button
                type="button"
                aria-label={`Remove rule ${rule.tool}${rule.command ? ` ${rule.command}` : ''}`}
                className="text-wb-muted hover:text-wb-fg"
                onClick={() => void remove(rule.id)}
              >
                <X size={13} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form aria-label="Add an approval rule" className="flex flex-col gap-1.5" onSubmit={(e) => void add(e)}>
        <input
          aria-label="Tool pattern"
          className={`${inputClass} font-mono`}
          placeholder="Tool, e.g. shell__run or files__*"
          value={tool}
          onChange={(e) => setTool(e.target.value)}
        />
        <input
          aria-label="Command pattern"
          className={`${inputClass} font-mono`}
          placeholder="Command (shell tools), e.g. npm test*"
          value={command}
          onChange={(e) => setCommand(e.target.value)}
        />
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label="Decision"
            className={inputClass}
            value={action}
            onChange={(e) => setAction(policyActionSchema.parse(e.target.value))}
          >
            <option value="allow">Allow</option>
            <option value="ask">Ask</option>
            <option value="deny">Deny</option>
          </select>
          <label className="flex items-center gap-1 whitespace-nowrap text-wb-muted">
            <input type="checkbox" checked={global} onChange={(e) => setGlobal(e.target.checked)} /> All projects
          </label>
        </div>
        <Button type="submit" className="self-start" disabled={!tool.trim()}>
          <Plus size={13} aria-hidden /> Add rule
        </Button>
      </form>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/**
 * Codex's "full auto": with the OS sandbox confining every command, a run need not ask. Shown
 * disabled, with the reason, where there is no sandbox; it never applies in an untrusted folder.
 */
function ApproveAllSwitch() {
  const sandbox = useApp((s) => s.info?.sandbox);
  const on = useSettings((s) => s.settings.agent.approveAllWhenSandboxed);
  const notices = useNotices();
  const available = sandbox?.available ?? false;
  return (
    <div className="flex flex-col gap-0.5 rounded-sm border border-wb-border p-2">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={on && available}
          disabled={!available}
          onChange={(e) =>
            void useSettings
              .getState()
              .update({ agent: { approveAllWhenSandboxed: e.target.checked } })
              .catch(notices.error)
          }
        />
        <span>Approve every tool call while sandboxed</span>
      </label>
      <p className="text-wb-muted">
        {available
          ? 'Commands run confined to the run’s worktree with no network but allowed hosts, so nothing asks. Deny rules still deny; folders you have not trusted still ask.'
          : `Not available: ${sandbox?.reason ?? 'commands are not sandboxed on this computer.'}`}
      </p>
    </div>
  );
}

const decisionWords: Record<AuditRow['decision'], { label: string; tone: 'ok' | 'error' }> = {
  allow: { label: 'allowed', tone: 'ok' },
  allow_once: { label: 'allowed once', tone: 'ok' },
  allow_always: { label: 'always allowed', tone: 'ok' },
  deny: { label: 'denied', tone: 'error' },
};

/** The latest decisions of the approval policy and of people on approval cards. */
export function AuditList({ projectId }: { projectId: string }) {
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const now = useNow();
  const [version, setVersion] = useState(0);
  // Decisions come with run activity: read again when a run of the project changes.
  const activity = useAgent((s) => s.runs.reduce((n, r) => Math.max(n, r.updatedAt), 0));
  useEffect(() => {
    let current = true;
    api.agent
      .audit({ projectId, limit: 50 })
      .then((r) => current && (setRows(r), setError(null)))
      .catch((e: unknown) => current && setError(describeError(e)));
    return () => {
      current = false;
    };
  }, [projectId, version, activity]);

  return (
    <div className="flex flex-col gap-1 px-3 text-[12px]">
      <div className="flex justify-end">
        <button
          type="button"
          aria-label="Refresh audit"
          title="Refresh"
          className="text-wb-muted hover:text-wb-fg"
          onClick={() => setVersion((v) => v + 1)}
        >
          <RefreshCw size={12} />
        </button>
      </div>
      {rows === null && !error && <Loading>Loading decisions…</Loading>}
      {rows?.length === 0 && <p className="text-wb-muted">No decisions yet.</p>}
      {rows && rows.length > 0 && (
        <ul aria-label="Audit log" className="flex flex-col gap-1.5">
          {rows.map((row) => {
            const d = decisionWords[row.decision];
            return (
              <li key={row.id} className="flex flex-col" title={row.reason}>
                <span className="flex items-center gap-2">
                  <Tag tone={d.tone}>{d.label}</Tag>
                  <span className="truncate font-mono">{row.tool}</span>
                  <span className="ml-auto shrink-0 text-wb-muted">{formatAge(row.at, now)}</span>
                </span>
                <span className="truncate font-mono text-wb-muted">{clip(row.subject, 200)}</span>
                <span className="text-[11px] text-wb-muted">
                  {row.decidedBy === 'user' ? 'by you' : 'by the policy'}: {row.reason}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
