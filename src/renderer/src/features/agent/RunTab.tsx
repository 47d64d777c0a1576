import { SendHorizontal } from 'lucide-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { describeError } from '../../lib/errors';
import { askForNotifications } from '../notifications';
import { isLive, useAgent } from './state/agent';
import { RunHeader } from './RunHeader';
import { Timeline } from './Timeline';
import { ErrorNote, Loading, inputClass } from './ui';

/** Why a follow-up cannot be sent now, or null. */
function composerBlocked(run: RunView): string | null {
  if (isLive(run)) return 'The agent is working. Stop it to change course, or wait for it to finish.';
  if (run.worktree === null) return 'This run’s worktree is gone (merged or discarded), so it cannot continue.';
  return null;
}

/** The follow-up box: Enter sends, Shift+Enter starts a new line. */
function Composer({
  run,
  text,
  setText,
  onSent,
  inputRef,
}: {
  run: RunView;
  text: string;
  setText: (text: string) => void;
  onSent: () => void;
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const blocked = composerBlocked(run);
  const send = async () => {
    if (!text.trim() || busy || blocked) return;
    void askForNotifications();
    setBusy(true);
    setError(null);
    try {
      await useAgent.getState().send(run.id, text.trim());
      setText('');
      onSent();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };
  return (
    <div className="shrink-0 border-t border-wb-border bg-wb-side">
      <form
        aria-label="Follow-up"
        className="mx-auto flex max-w-4xl flex-col gap-1.5 px-6 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {error && <ErrorNote error={error} />}
        <div className="flex items-end gap-2">
          <textarea
            ref={inputRef}
            aria-label="Message to the agent"
            rows={2}
            className={`${inputClass} max-h-48 min-h-10 flex-1 resize-y`}
            placeholder={
              blocked ?? 'Ask for changes, or tell the agent to continue… (Enter sends, Shift+Enter new line)'
            }
            disabled={run.worktree === null}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <Button type="submit" variant="primary" disabled={busy || blocked !== null || !text.trim()}>
            <SendHorizontal size={13} aria-hidden /> {busy ? 'Sending…' : 'Send'}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** One agent run as a wide editor tab: its summary, its timeline, and a box to continue it. */
export function RunTab({ runId }: { runId: string }) {
  const run = useAgent((s) => s.byId[runId]);
  const detail = useAgent((s) => s.details[runId]);
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(0);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  if (!run || (detail?.loading && detail.entries.length === 0)) {
    if (detail?.error)
      return (
        <div className="p-6">
          <ErrorNote error={detail.error} />
        </div>
      );
    return <Loading>Loading the run…</Loading>;
  }
  const onContinue = () => {
    setText((t) => t || 'Continue.');
    inputRef.current?.focus();
  };
  return (
    <div className="flex h-full flex-col" data-testid="run-view" aria-label={`Agent run: ${run.task.split('\n')[0]}`}>
      <RunHeader
        run={run}
        cost={detail?.cost ?? []}
        // The sandbox entry is written at the run's start: on a long run it is among the anchors.
        entries={detail ? [...detail.anchors, ...detail.entries] : undefined}
      />
      {detail?.error && (
        <div className="px-6 pt-2">
          <ErrorNote error={detail.error} />
        </div>
      )}
      <Timeline run={run} entries={detail?.entries ?? []} onContinue={onContinue} follow={follow} />
      <Composer run={run} text={text} setText={setText} onSent={() => setFollow((n) => n + 1)} inputRef={inputRef} />
    </div>
  );
}
