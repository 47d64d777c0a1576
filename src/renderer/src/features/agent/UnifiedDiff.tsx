import { classifyDiff, type DiffLineKind } from './format';

const lineClass: Record<DiffLineKind, string> = {
  add: 'bg-emerald-500/15 text-emerald-800 dark:text-emerald-300',
  del: 'bg-red-500/15 text-red-800 dark:text-red-300',
  hunk: 'text-sky-700 dark:text-sky-300',
  meta: 'text-wb-muted',
  context: '',
};

/** A unified diff as text, each line coloured by what it does; exactly what the tool would write. */
export function UnifiedDiff({ diff, label }: { diff: string; label: string }) {
  const lines = classifyDiff(diff);
  return (
    <pre
      aria-label={label}
      className="max-h-96 overflow-auto rounded-sm border border-wb-border bg-wb-bg py-1 font-mono text-[12px] leading-[1.45]"
    >
      {lines.length === 0 && <div className="px-2 text-wb-muted">(no changes)</div>}
      {lines.map((line, i) => (
        <div key={i} data-diff={line.kind} className={`px-2 whitespace-pre ${lineClass[line.kind]}`}>
          {line.text || ' '}
        </div>
      ))}
    </pre>
  );
}
