import { Ban, Check, CheckCheck, ShieldQuestion } from 'lucide-react';
import { useState } from 'react';
import type { ApprovalDecision, RunEntry, RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { describeError } from '../../lib/errors';
import { useAgent } from '../../stores/agent';
import { prettyJson, splitTool } from './format';
import { ErrorNote, Tag } from './ui';
import { UnifiedDiff } from './UnifiedDiff';

type ApprovalEntry = Extract<RunEntry, { kind: 'approval' }>;

const decided: Record<ApprovalDecision, { label: string; tone: 'ok' | 'error' }> = {
  allow_once: { label: 'Allowed once', tone: 'ok' },
  allow_always: { label: 'Always allowed in this project', tone: 'ok' },
  deny: { label: 'Denied', tone: 'error' },
};

function Subject({ entry }: { entry: ApprovalEntry }) {
  const subject = entry.subject;
  switch (subject.kind) {
    case 'command':
      return (
        <div className="flex flex-col gap-1">
          <pre
            aria-label="Command"
            className="overflow-x-auto rounded-sm border border-wb-border bg-wb-bg px-2 py-1.5 font-mono text-[12px] whitespace-pre-wrap break-all"
          >
            <span className="text-wb-muted select-none">$ </span>
            {subject.command}
          </pre>
          <div className="text-[11px] text-wb-muted">
            in <span className="font-mono">{subject.cwd}</span>
          </div>
        </div>
      );
    case 'diff':
      return (
        <div className="flex flex-col gap-1">
          <div className="font-mono text-[12px]">{subject.path}</div>
          <UnifiedDiff diff={subject.diff} label={`Proposed change to ${subject.path}`} />
        </div>
      );
    case 'call':
      return (
        <pre className="max-h-64 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[12px] whitespace-pre-wrap break-all">
          {prettyJson(subject.arguments)}
        </pre>
      );
  }
}

/** Asks the user about one tool call, showing exactly what would run or change. */
export function ApprovalCard({ run, entry }: { run: RunView; entry: ApprovalEntry }) {
  const runId = run.id;
  const [busy, setBusy] = useState<ApprovalDecision | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const { server, tool } = splitTool(entry.tool);
  // A card the run stopped waiting for (it was stopped, or Weft restarted) keeps no decision.
  const pending = entry.decision === null && run.status === 'awaiting_approval';
  const lapsed = entry.decision === null && !pending;

  const answer = async (decision: ApprovalDecision) => {
    setBusy(decision);
    setError(null);
    try {
      await useAgent.getState().approve(runId, entry.approvalId, decision);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };
  const what =
    entry.subject.kind === 'command'
      ? 'run this command'
      : entry.subject.kind === 'diff'
        ? 'make this change'
        : 'make this call';

  return (
    <div
      role="group"
      aria-label={`Approval for ${entry.tool}`}
      data-decision={entry.decision ?? 'pending'}
      className={`flex flex-col gap-2 rounded-sm border p-2.5 ${pending ? 'border-amber-500/70 bg-amber-500/5' : 'border-wb-border bg-wb-side'}`}
    >
      <div className="flex items-center gap-2 text-[12px]">
        <ShieldQuestion size={15} className="shrink-0 text-amber-600 dark:text-amber-400" aria-hidden />
        <span className="font-semibold">{pending ? `The agent wants to ${what}` : 'Approval'}</span>
        <span className="font-mono text-wb-muted">
          {server ? `${server} · ` : ''}
          {tool}
        </span>
        {entry.decision && (
          <span className="ml-auto">
            <Tag tone={decided[entry.decision].tone}>{decided[entry.decision].label}</Tag>
          </span>
        )}
        {lapsed && (
          <span className="ml-auto">
            <Tag title="The run stopped before this was answered">Not answered</Tag>
          </span>
        )}
      </div>
      <Subject entry={entry} />
      {entry.reason && <div className="text-[11px] text-wb-muted">{entry.reason}</div>}
      {pending && (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" disabled={busy !== null} onClick={() => void answer('allow_once')}>
            <Check size={13} aria-hidden /> Allow once
          </Button>
          <Button
            disabled={busy !== null}
            title="Adds a rule, so the same call is allowed without asking in this project"
            onClick={() => void answer('allow_always')}
          >
            <CheckCheck size={13} aria-hidden /> Always allow for this project
          </Button>
          <Button disabled={busy !== null} onClick={() => void answer('deny')}>
            <Ban size={13} aria-hidden /> Deny
          </Button>
        </div>
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
