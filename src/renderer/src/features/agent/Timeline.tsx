import { ArrowDown } from 'lucide-react';
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RunEntry, RunView } from '../../../../shared/domain/agent';
import { isLive, useAgent } from './state/agent';
import { ApprovalCard, isPendingApproval, type ApprovalEntry } from './ApprovalCard';
import { CheckpointCard, RollbackCard } from './CheckpointCard';
import { AssistantMessage, ReviewMessage, SandboxMessage, StatusMessage, UserMessage } from './Messages';
import { checkpointParents } from './timeline';
import { ToolCard } from './ToolCard';

/** Facts about the timeline as a whole that single entries need. */
interface Layout {
  /** For each checkpoint, the one its diff starts from (null: the run's start). */
  previous: Map<string, string | null>;
  stepOf: Map<string, number>;
  latestRollback: number | null;
  latestStatus: number | null;
  /** The newest entry: an assistant entry streams only while nothing came after it. */
  lastSeq: number | null;
  firstUser: number | null;
  /** Steps each message gives the run (its task's allowance), when the journal recorded it. */
  allowance: number | null;
  /** Approval cards by the call they are about. */
  approvals: Map<string, ApprovalEntry>;
  /** Calls that have a tool card, so an answered approval can fold into it. */
  calls: Set<string>;
}

/** `anchors`: checkpoints and rollbacks before the entries, when the timeline does not start at the run's start. */
function layoutOf(entries: readonly RunEntry[], anchors: readonly RunEntry[], earlier: boolean): Layout {
  const layout: Layout = {
    previous: new Map(),
    stepOf: new Map(),
    latestRollback: null,
    latestStatus: null,
    lastSeq: entries.at(-1)?.seq ?? null,
    firstUser: null,
    allowance: null,
    approvals: new Map(),
    calls: new Set(),
  };
  const first = entries[0]?.seq ?? Infinity;
  const before = anchors.filter((a) => a.seq < first);
  layout.previous = checkpointParents([...before, ...entries]);
  for (const e of before) if (e.kind === 'checkpoint') layout.stepOf.set(e.checkpointId, e.step);
  let seenUser = false;
  for (const e of entries) {
    if (e.kind === 'checkpoint') layout.stepOf.set(e.checkpointId, e.step);
    else if (e.kind === 'rollback') layout.latestRollback = e.seq;
    else if (e.kind === 'status') layout.latestStatus = e.seq;
    else if (e.kind === 'approval') layout.approvals.set(e.callId, e);
    else if (e.kind === 'tool') layout.calls.add(e.callId);
    else if (e.kind === 'user' && !seenUser) {
      seenUser = true;
      // With earlier steps not read, the first message here is a follow-up, not the task.
      if (!earlier) layout.firstUser = e.seq;
      layout.allowance = e.steps?.allowance ?? null;
    }
  }
  return layout;
}

function EntryView({
  run,
  entry,
  layout,
  onContinue,
}: {
  run: RunView;
  entry: RunEntry;
  layout: Layout;
  onContinue: () => void;
}): ReactNode {
  switch (entry.kind) {
    case 'user':
      return <UserMessage entry={entry} first={entry.seq === layout.firstUser} />;
    case 'assistant':
      return <AssistantMessage entry={entry} streaming={isLive(run) && entry.seq === layout.lastSeq} />;
    case 'tool':
      return <ToolCard entry={entry} approval={answered(layout.approvals.get(entry.callId), run)} />;
    case 'approval':
      return <ApprovalCard run={run} entry={entry} />;
    case 'checkpoint':
      return <CheckpointCard run={run} entry={entry} previous={layout.previous.get(entry.checkpointId) ?? null} />;
    case 'rollback':
      return (
        <RollbackCard
          run={run}
          entry={entry}
          target={entry.checkpointId ? (layout.stepOf.get(entry.checkpointId) ?? null) : null}
          latest={entry.seq === layout.latestRollback}
        />
      );
    case 'status':
      return (
        <StatusMessage
          entry={entry}
          run={run}
          latest={entry.seq === layout.latestStatus}
          allowance={layout.allowance}
          onContinue={onContinue}
        />
      );
    case 'review':
      return <ReviewMessage entry={entry} />;
    case 'sandbox':
      return <SandboxMessage entry={entry} />;
  }
}

/** An approval that no longer waits (its card is folded into the tool call's), else undefined. */
const answered = (approval: ApprovalEntry | undefined, run: RunView) =>
  approval && !isPendingApproval(approval, run) ? approval : undefined;

/**
 * Entries that show elsewhere or not at all: an empty assistant entry (a step that only called
 * tools) once it stops streaming, and an answered approval, which its tool call's card shows.
 */
function hidden(entry: RunEntry, run: RunView, layout: Layout): boolean {
  if (entry.kind === 'assistant') return !entry.text && !(isLive(run) && entry.seq === layout.lastSeq);
  if (entry.kind === 'approval') return !isPendingApproval(entry, run) && layout.calls.has(entry.callId);
  return false;
}

const noAnchors: readonly RunEntry[] = [];

/** How close to the bottom still counts as "following" the run. */
const followSlack = 48;

/**
 * The run's timeline. It follows new output while the user is at the bottom, and stops
 * following when they scroll up (a button brings them back).
 */
export function Timeline({
  run,
  entries,
  onContinue,
  follow,
}: {
  run: RunView;
  entries: readonly RunEntry[];
  onContinue: () => void;
  /** Changes when the user sends a message, to jump back to the bottom. */
  follow: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [away, setAway] = useState(false);
  const anchors = useAgent((s) => s.details[run.id]?.anchors ?? noAnchors);
  const earlier = useAgent((s) => s.details[run.id]?.earlier ?? false);
  const layout = useMemo(() => layoutOf(entries, anchors, earlier), [entries, anchors, earlier]);
  const loadingEarlier = useAgent((s) => s.details[run.id]?.loadingEarlier ?? false);
  // Distance from the bottom when an earlier page was asked for: the page goes in above what the
  // user reads, which must not jump away.
  const anchor = useRef<number | null>(null);
  const firstSeq = entries[0]?.seq;

  // Sending a message follows again; the scroll below then clears `away` through onScroll.
  useLayoutEffect(() => {
    following.current = true;
  }, [follow]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  });
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || anchor.current === null || following.current) return;
    el.scrollTop = el.scrollHeight - anchor.current;
    anchor.current = null;
  }, [firstSeq]);

  const showEarlier = () => {
    const el = scroller.current;
    if (el) anchor.current = el.scrollHeight - el.scrollTop;
    following.current = false;
    void useAgent.getState().loadEarlier(run.id);
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < followSlack;
    following.current = atBottom;
    setAway(!atBottom);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Run timeline"
        aria-relevant="additions"
        className="h-full overflow-auto"
      >
        {earlier && (
          <div className="mx-auto flex max-w-4xl justify-center px-6 pt-4">
            <button
              type="button"
              onClick={showEarlier}
              disabled={loadingEarlier}
              className="rounded-full border border-wb-border bg-wb-side px-3 py-1 text-[12px] hover:bg-wb-hover disabled:opacity-60"
            >
              {loadingEarlier ? 'Loading earlier steps…' : 'Show earlier steps'}
            </button>
          </div>
        )}
        <ol className="mx-auto flex max-w-4xl flex-col gap-3 px-6 py-4">
          {entries.map((entry) =>
            hidden(entry, run, layout) ? null : (
              <li key={entry.seq} data-seq={entry.seq} data-kind={entry.kind}>
                <EntryView run={run} entry={entry} layout={layout} onContinue={onContinue} />
              </li>
            ),
          )}
        </ol>
      </div>
      {away && (
        <button
          type="button"
          onClick={() => {
            const el = scroller.current;
            if (el) el.scrollTop = el.scrollHeight;
            following.current = true;
            setAway(false);
          }}
          className="absolute right-6 bottom-3 flex items-center gap-1 rounded-full border border-wb-border bg-wb-side px-3 py-1 text-[12px] shadow-md hover:bg-wb-hover"
        >
          <ArrowDown size={13} aria-hidden /> Jump to latest
        </button>
      )}
    </div>
  );
}
