import { Ban, Check, ChevronDown, ChevronRight, Circle, CircleSlash, Loader2, ShieldQuestion, X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { RunEntry } from '../../../../shared/domain/agent';
import { ApprovalSubjectView, approvalOutcome, type ApprovalEntry } from './ApprovalCard';
import { argumentSummary, formatDuration, prettyJson, splitTool } from './format';
import { Tag } from './ui';

type ToolEntry = Extract<RunEntry, { kind: 'tool' }>;
type ToolState = ToolEntry['state'];

const states: Record<ToolState, { label: string; icon: ReactNode }> = {
  pending: { label: 'Queued', icon: <Circle size={14} className="text-wb-muted" /> },
  awaiting_approval: {
    label: 'Waiting for approval',
    icon: <ShieldQuestion size={14} className="text-amber-600 dark:text-amber-400" />,
  },
  running: { label: 'Running', icon: <Loader2 size={14} className="animate-spin text-wb-accent" /> },
  done: { label: 'Done', icon: <Check size={14} className="text-emerald-600 dark:text-emerald-400" /> },
  error: { label: 'Failed', icon: <X size={14} className="text-wb-danger" /> },
  denied: { label: 'Denied', icon: <Ban size={14} className="text-wb-danger" /> },
  cancelled: { label: 'Cancelled', icon: <CircleSlash size={14} className="text-wb-muted" /> },
  interrupted: {
    label: 'Interrupted',
    icon: <CircleSlash size={14} className="text-amber-600 dark:text-amber-400" />,
  },
};

/** A tool call: one line (state, tool, what it acts on, duration) that opens to its arguments and result. */
export function ToolCard({ entry, approval }: { entry: ToolEntry; approval?: ApprovalEntry | undefined }) {
  const [open, setOpen] = useState(false);
  const { server, tool } = splitTool(entry.tool);
  const state = states[entry.state];
  const summary = argumentSummary(entry.arguments);
  const outcome = approval ? approvalOutcome(approval) : null;
  return (
    <div
      role="group"
      aria-label={`Tool call ${entry.tool}`}
      data-state={entry.state}
      className="rounded-sm border border-wb-border bg-wb-side"
    >
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 px-2 py-1.5 text-left text-[12px] hover:bg-wb-hover"
      >
        {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
        <span title={state.label} aria-label={state.label} className="flex shrink-0">
          {state.icon}
        </span>
        <span className="shrink-0 font-mono">
          {server && <span className="text-wb-muted">{server} · </span>}
          {tool}
        </span>
        {summary && <span className="min-w-0 flex-1 truncate font-mono text-wb-muted">{summary}</span>}
        {!summary && <span className="flex-1" />}
        {outcome && (
          <span className="shrink-0" title={approval?.reason}>
            <Tag tone={outcome.tone}>{outcome.label}</Tag>
          </span>
        )}
        {entry.state !== 'done' && !(entry.state === 'denied' && outcome) && (
          <span className="shrink-0 text-wb-muted">{state.label}</span>
        )}
        {entry.durationMs !== null && (
          <span className="shrink-0 text-wb-muted tabular-nums">{formatDuration(entry.durationMs)}</span>
        )}
      </button>
      {open && (
        <div className="flex flex-col gap-2 border-t border-wb-border p-2 text-[12px]">
          {approval && (
            <div>
              <div className="mb-1 text-[11px] tracking-wide text-wb-muted uppercase">Approval</div>
              <ApprovalSubjectView entry={approval} />
              <div className="mt-1 text-[11px] text-wb-muted">{approval.reason}</div>
            </div>
          )}
          <div>
            <div className="mb-1 text-[11px] tracking-wide text-wb-muted uppercase">Arguments</div>
            <pre className="max-h-64 overflow-auto rounded-sm bg-wb-bg p-2 font-mono whitespace-pre-wrap break-all">
              {prettyJson(entry.arguments)}
            </pre>
          </div>
          <div>
            <div className="mb-1 text-[11px] tracking-wide text-wb-muted uppercase">Result</div>
            {entry.result === null ? (
              <div className="text-wb-muted">{entry.state === 'running' ? 'Running…' : 'No result.'}</div>
            ) : (
              <pre
                className={`max-h-80 overflow-auto rounded-sm bg-wb-bg p-2 font-mono whitespace-pre-wrap break-all ${entry.state === 'error' ? 'text-wb-danger' : ''}`}
              >
                {entry.result || '(empty)'}
              </pre>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
