import { Bot } from 'lucide-react';
import { openRun } from '../agent';

const pre =
  'max-h-80 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[11px] whitespace-pre';

/** A unified diff with added and removed lines coloured. */
function DiffText({ diff }: { diff: string }) {
  const lines = diff.split('\n');
  return (
    <pre className={pre} aria-label="Diff">
      {lines.map((line, i) => (
        <span
          key={i}
          className={
            line.startsWith('+++') || line.startsWith('---')
              ? 'font-semibold'
              : line.startsWith('+')
                ? 'text-green-600'
                : line.startsWith('-')
                  ? 'text-red-600'
                  : line.startsWith('@@')
                    ? 'text-sky-600'
                    : ''
          }
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a step's output says about the files it changed, in the form people read: the diff of a
 * git diff step, the files it names, the commit it made, the agent run behind an agent step.
 */
export function OutputExtras({ kind, output }: { kind: string; output: unknown }) {
  if (!isObject(output)) return null;
  const files = Array.isArray(output.files) ? output.files.filter((f): f is string => typeof f === 'string') : [];
  return (
    <>
      {kind === 'agent' && typeof output.runId === 'string' && (
        <button
          type="button"
          onClick={() => openRun(output.runId as string)}
          className="flex items-center gap-1.5 self-start text-[12px] text-wb-accent hover:underline"
        >
          <Bot size={13} aria-hidden /> Open the agent run and its changes
        </button>
      )}
      {kind === 'git' && typeof output.commit === 'string' && (
        <div className="text-[12px]">
          Committed <span className="font-mono">{output.commit.slice(0, 12)}</span>
        </div>
      )}
      {files.length > 0 && (
        <section aria-label="Changed files" className="flex flex-col gap-1">
          <h3 className="text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Changed files</h3>
          <ul className="font-mono text-[11px]">
            {files.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </section>
      )}
      {typeof output.diff === 'string' && output.diff !== '' && (
        <section aria-label="Changes" className="flex flex-col gap-1">
          <h3 className="text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Diff</h3>
          <DiffText diff={output.diff} />
        </section>
      )}
    </>
  );
}
