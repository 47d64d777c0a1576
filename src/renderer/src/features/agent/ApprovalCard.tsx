import { Ban, Check, CheckCheck, ShieldQuestion } from 'lucide-react';
import { useState } from 'react';
import type { ApprovalDecision, RunEntry, RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { describeError } from '../../lib/errors';
import { callSummary } from './approval-summary';
import { isLive, useAgent } from './state/agent';
import { prettyJson, splitTool } from './format';
import { ErrorNote, Tag } from './ui';
import { UnifiedDiff } from './UnifiedDiff';

export type ApprovalEntry = Extract<RunEntry, { kind: 'approval' }>;

const decided: Record<ApprovalDecision, { label: string; tone: 'ok' | 'error' }> = {
  allow_once: { label: 'Allowed once', tone: 'ok' },
  allow_always: { label: 'Always allowed in this project', tone: 'ok' },
  deny: { label: 'Denied by you', tone: 'error' },
};

/** How an approval ended; a card the run stopped waiting for (stopped, or Weft restarted) has no decision. */
export function approvalOutcome(entry: ApprovalEntry): { label: string; tone: 'ok' | 'error' | 'muted' } {
  return entry.decision ? decided[entry.decision] : { label: 'Not answered', tone: 'muted' };
}

/** True while the card still waits for the user. */
export const isPendingApproval = (entry: ApprovalEntry, run: RunView): boolean =>
  entry.decision === null && isLive(run);

const cwdWords = (cwd: string) => (cwd === '.' || cwd === '' ? 'the run’s worktree' : `${cwd} in the run’s worktree`);

/** Exactly what was asked about: the command line and its folder, the diff, or the call's arguments. */
export function ApprovalSubjectView({ entry }: { entry: ApprovalEntry }) {
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
          <div className="text-[11px] text-wb-muted">in {cwdWords(subject.cwd)}</div>
          {subject.definitions?.map((d) => (
            <div key={d.path} className="flex flex-col gap-1">
              <div className="text-[11px] text-wb-muted">
                This run changed <span className="font-mono">{d.path}</span>, which defines what the command runs:
              </div>
              <UnifiedDiff diff={d.diff} label={`Change to ${d.path}`} />
            </div>
          ))}
        </div>
      );
    case 'diff':
      return (
        <div className="flex flex-col gap-1">
          <div className="font-mono text-[12px]">{subject.path}</div>
          <UnifiedDiff diff={subject.diff} label={`Proposed change to ${subject.path}`} />
        </div>
      );
    case 'call': {
      const summary = callSummary(subject);
      return (
        <div className="flex flex-col gap-1">
          {summary && (
            <div data-testid="approval-summary" className="text-[12px] font-medium break-all">
              {summary}
            </div>
          )}
          <pre
            aria-label="Arguments"
            className="max-h-64 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[12px] whitespace-pre-wrap break-all"
          >
            {prettyJson(subject.arguments)}
          </pre>
        </div>
      );
    }
  }
}

/**
 * Asks the user about one tool call, showing exactly what would run or change. Once answered,
 * the timeline folds it into its tool call's card.
 */
export function ApprovalCard({ run, entry }: { run: RunView; entry: ApprovalEntry }) {
  const runId = run.id;
  const [busy, setBusy] = useState<ApprovalDecision | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const { server, tool } = splitTool(entry.tool);
  const pending = isPendingApproval(entry, run);
  const outcome = approvalOutcome(entry);

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
        {!pending && (
          <span className="ml-auto">
            <Tag tone={outcome.tone}>{outcome.label}</Tag>
          </span>
        )}
      </div>
      <ApprovalSubjectView entry={entry} />
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
