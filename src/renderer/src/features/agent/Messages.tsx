import {
  Bot,
  CircleAlert,
  CircleCheck,
  CircleSlash,
  GitBranch,
  GitMerge,
  Pause,
  ShieldAlert,
  ShieldCheck,
  Trash2,
  User,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { liveRunStatuses, type RunEntry, type RunStatus, type RunView } from '../../../../shared/domain/agent';
import { errorTitle } from '../../lib/errors';
import { splitFences, statusInfo, withoutTextToolCalls } from './format';
import { toneText } from './ui';

type Entry<K extends RunEntry['kind']> = Extract<RunEntry, { kind: K }>;

/** What the user wrote: the task, or a follow-up. */
export function UserMessage({ entry, first }: { entry: Entry<'user'>; first: boolean }) {
  return (
    <div
      role="article"
      aria-label={first ? 'Task' : 'Your message'}
      className="rounded-sm border border-wb-border bg-wb-hover px-3 py-2"
    >
      <div className="mb-1 flex items-center gap-1.5 text-[11px] text-wb-muted">
        <User size={12} aria-hidden /> {first ? 'Task' : 'You'}
        {entry.steps && (
          <span className="ml-auto" data-testid="step-grant">
            {first
              ? `up to ${entry.steps.allowance} steps`
              : `up to ${entry.steps.allowance} more steps · limit ${entry.steps.limit}`}
          </span>
        )}
      </div>
      <div className="text-[13px] break-words whitespace-pre-wrap">{entry.text}</div>
    </div>
  );
}

/** The blinking block that says more text is coming. */
function Caret() {
  return <span aria-hidden className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-wb-fg/60 align-text-bottom" />;
}

/** The model's text; code fences show as code; a caret while it is still streaming. */
export function AssistantMessage({ entry, streaming }: { entry: Entry<'assistant'>; streaming: boolean }) {
  const segments = splitFences(streaming ? withoutTextToolCalls(entry.text) : entry.text);
  return (
    <div role="article" aria-label={`Agent, step ${entry.step}`} aria-busy={streaming} className="px-1">
      <div className="mb-1 flex items-center gap-1.5 text-[11px] text-wb-muted">
        <Bot size={12} aria-hidden /> Agent · step {entry.step}
      </div>
      <div data-testid="assistant-text" className="flex flex-col gap-2 text-[13px] leading-relaxed">
        {segments.map((s, i) => {
          const caret = streaming && i === segments.length - 1 ? <Caret /> : null;
          return s.kind === 'code' ? (
            <pre
              key={i}
              className="overflow-x-auto rounded-sm border border-wb-border bg-wb-side p-2 font-mono text-[12px]"
              data-lang={s.lang || undefined}
            >
              {s.text}
              {caret}
            </pre>
          ) : (
            <p key={i} className="break-words whitespace-pre-wrap">
              {s.text}
              {caret}
            </p>
          );
        })}
        {streaming && segments.length === 0 && (
          <p className="text-wb-muted">
            Thinking… <Caret />
          </p>
        )}
      </div>
    </div>
  );
}

const statusIcons: Record<RunStatus, ReactNode> = {
  starting: null,
  running: null,
  awaiting_approval: null,
  completed: <CircleCheck size={15} aria-hidden />,
  failed: <CircleAlert size={15} aria-hidden />,
  cancelled: <CircleSlash size={15} aria-hidden />,
  step_limit: <Pause size={15} aria-hidden />,
  budget_exceeded: <Pause size={15} aria-hidden />,
  interrupted: <Pause size={15} aria-hidden />,
};

const continueHints: Partial<Record<RunStatus, string>> = {
  failed: 'The run stopped on this error; its work so far is kept.',
  interrupted: 'Weft stopped while this run was working. Its work so far is kept.',
  step_limit: 'The run used all its steps.',
  budget_exceeded: 'The run reached its budget.',
  cancelled: 'You stopped the run.',
};

/** Where the run ended (or resumed): the outcome, the error in words, and how to go on. */
export function StatusMessage({
  entry,
  run,
  latest,
  allowance,
  onContinue,
}: {
  entry: Entry<'status'>;
  run: RunView;
  /** Steps each message gives the run, when the journal recorded it. */
  allowance: number | null;
  /** The run's most recent status: only that one offers to continue. */
  latest: boolean;
  onContinue: () => void;
}) {
  const { label, tone } = statusInfo(entry.status);
  if (statusIcons[entry.status] === null) {
    return <div className="text-center text-[11px] text-wb-muted">{entry.message || label}</div>;
  }
  const failed = entry.status === 'failed';
  const error = failed && latest ? run.error : null;
  const hint = continueHints[entry.status];
  const canContinue =
    latest &&
    hint !== undefined &&
    !liveRunStatuses.includes(run.status) &&
    run.worktree !== null &&
    run.review === 'open';
  return (
    <div
      role={failed ? 'alert' : 'status'}
      aria-label={`Run ${label.toLowerCase()}`}
      className={`flex gap-2 rounded-sm border px-3 py-2 text-[12px] ${failed ? 'border-wb-danger/50 bg-wb-danger/10' : 'border-wb-border'}`}
    >
      <span className={`mt-0.5 ${toneText[tone]}`}>{statusIcons[entry.status]}</span>
      <div className="min-w-0 flex-1">
        <div className={`font-semibold ${toneText[tone]}`}>{error ? errorTitle(error.code) : label}</div>
        {(error?.message ?? entry.message) && (
          <div className="mt-0.5 break-words whitespace-pre-wrap">{error?.message ?? entry.message}</div>
        )}
        {canContinue && (
          <div className="mt-1 text-wb-muted">
            {hint}{' '}
            <button type="button" className="text-wb-accent hover:underline" onClick={onContinue}>
              Continue
            </button>{' '}
            sends a follow-up so it picks up where it left off
            {allowance !== null && (
              <span data-testid="continue-steps">
                , with up to {allowance} more steps (
                {run.steps + allowance === run.maxSteps
                  ? `step limit stays ${run.maxSteps}`
                  : `step limit ${run.maxSteps} → ${run.steps + allowance}`}
                )
              </span>
            )}
            .
          </div>
        )}
      </div>
    </div>
  );
}

const reviewIcons = { merge: GitMerge, cherry_pick: GitMerge, branch: GitBranch, discard: Trash2 } as const;

/** How the review ended: merged, applied, kept or discarded. */
export function ReviewMessage({ entry }: { entry: Entry<'review'> }) {
  const Icon = reviewIcons[entry.action];
  return (
    <div role="status" className="flex items-center gap-2 rounded-sm border border-wb-border px-3 py-2 text-[12px]">
      <Icon size={15} className="shrink-0 text-wb-accent" aria-hidden />
      <span className="break-words">{entry.message}</span>
    </div>
  );
}

/**
 * Whether the run's commands are confined, and each write or connection the sandbox stopped.
 * A run without a sandbox says so in words, not only with a missing badge.
 */
export function SandboxMessage({ entry }: { entry: Entry<'sandbox'> }) {
  const Icon = entry.event === 'on' ? ShieldCheck : ShieldAlert;
  const tone = toneText[entry.event === 'on' ? 'ok' : entry.event === 'off' ? 'warn' : 'error'];
  return (
    <div
      role="status"
      data-sandbox-event={entry.event}
      className="flex items-start gap-2 rounded-sm border border-wb-border px-3 py-2 text-[12px]"
    >
      <Icon size={15} className={`mt-px shrink-0 ${tone}`} aria-hidden />
      <span className="break-words">
        {entry.message}
        {entry.violation && (
          <>
            {' '}
            <code className="rounded-sm bg-wb-hover px-1 font-mono">{entry.violation.target}</code>
          </>
        )}
      </span>
    </div>
  );
}
