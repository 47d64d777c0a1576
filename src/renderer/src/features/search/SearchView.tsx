import { CaseSensitive, Regex, WholeWord } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { SearchResult } from '../../../../shared/domain/search';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { openFile as open, type Reveal } from '../editor';
import { useNotices } from '../../stores/notifications';
import { useWorkspace } from '../../stores/workspace';

type SearchMatch = SearchResult['files'][number]['matches'][number];

function Toggle({
  on,
  label,
  onChange,
  children,
}: {
  on: boolean;
  label: string;
  onChange: (on: boolean) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      aria-pressed={on}
      onClick={() => onChange(!on)}
      className={`rounded-sm p-0.5 ${on ? 'bg-wb-accent-strong text-wb-accent-fg' : 'text-wb-muted hover:bg-wb-hover'}`}
    >
      {children}
    </button>
  );
}

/** Highlights the matched ranges of one preview line. */
function Preview({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([a, b], i) => {
    if (a > at) parts.push(text.slice(at, a));
    parts.push(
      <mark key={i} className="bg-amber-300/60 text-inherit dark:bg-amber-500/40">
        {text.slice(a, b)}
      </mark>,
    );
    at = b;
  });
  parts.push(text.slice(at));
  return <span className="truncate whitespace-pre">{parts}</span>;
}

/** Where a result leads: its line, with the first match on it selected. */
function target(m: SearchMatch): Reveal {
  const first = m.ranges[0];
  return first ? { line: m.line, match: { text: m.text, start: first[0], end: first[1] } } : { line: m.line };
}

/** Code search across the project: literal, whole word, case, regex, include/exclude globs. */
export function SearchView() {
  const projectId = useWorkspace((s) => s.projectId);
  const notices = useNotices();
  const [query, setQuery] = useState('');
  const [opts, setOpts] = useState({ caseSensitive: false, wholeWord: false, isRegex: false });
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  // The index announces each update; an open query re-runs, so files written by an agent or a
  // git checkout show up without retyping. (While it builds, scans are too costly to repeat.)
  const [changes, setChanges] = useState(0);
  useEffect(
    () =>
      api.search.progress((s) => {
        if (s.projectId === projectId && s.state === 'ready') setChanges((n) => n + 1);
      }),
    [projectId],
  );

  useEffect(() => {
    if (!projectId || query === '') return;
    const mine = ++generation.current;
    // Debounced, and only the newest answer is shown, so fast typing never flickers old results.
    const timer = setTimeout(() => {
      api.search
        .query({ projectId, query, ...opts, include, exclude, maxResults: 2000 })
        .then((r) => {
          if (mine === generation.current) {
            setResult(r);
            setError(null);
          }
        })
        .catch((e: unknown) => {
          if (mine === generation.current) setError(describeError(e).message);
        });
    }, 150);
    return () => clearTimeout(timer);
  }, [projectId, query, opts, include, exclude, changes]);

  // An empty query shows nothing, whatever the last answer was.
  const shown = query === '' ? null : result;
  const shownError = query === '' ? null : error;
  if (!projectId) return <EmptyState title="No folder opened">Open a folder to search its files.</EmptyState>;
  const input =
    'w-full rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[13px] outline-none focus:border-wb-accent';
  return (
    <div className="flex h-full flex-col text-[13px]" data-testid="search-view">
      <div className="flex flex-col gap-1.5 px-4 pb-2">
        <div className="relative">
          <input
            aria-label="Search"
            autoFocus
            placeholder="Search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className={`${input} pr-20`}
          />
          <div className="absolute top-1 right-1 flex gap-0.5">
            <Toggle label="Match Case" on={opts.caseSensitive} onChange={(v) => setOpts({ ...opts, caseSensitive: v })}>
              <CaseSensitive size={15} />
            </Toggle>
            <Toggle label="Match Whole Word" on={opts.wholeWord} onChange={(v) => setOpts({ ...opts, wholeWord: v })}>
              <WholeWord size={15} />
            </Toggle>
            <Toggle label="Use Regular Expression" on={opts.isRegex} onChange={(v) => setOpts({ ...opts, isRegex: v })}>
              <Regex size={15} />
            </Toggle>
          </div>
        </div>
        <input
          aria-label="Files to include"
          placeholder="files to include (e.g. src, *.ts)"
          value={include}
          onChange={(e) => setInclude(e.target.value)}
          className={input}
        />
        <input
          aria-label="Files to exclude"
          placeholder="files to exclude"
          value={exclude}
          onChange={(e) => setExclude(e.target.value)}
          className={input}
        />
        {shownError && (
          <div role="alert" className="text-[12px] text-wb-danger">
            {shownError}
          </div>
        )}
        {shown && (
          <div className="text-[12px] text-wb-muted" data-testid="search-summary">
            {shown.matchCount} result{shown.matchCount === 1 ? '' : 's'} in {shown.files.length} file
            {shown.files.length === 1 ? '' : 's'}
            {shown.truncated ? ' (first results only)' : ''} · {Math.round(shown.elapsedMs)} ms
            {shown.source === 'scan' ? ' · index building, scanned files' : ''}
          </div>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-auto" data-testid="search-results">
        {shown?.files.map((file) => (
          <div key={file.path}>
            <div className="truncate px-4 py-0.5 font-semibold" title={file.path}>
              {file.path}
            </div>
            {file.matches.map((m) => (
              <button
                key={m.line}
                type="button"
                className="flex w-full gap-2 px-6 py-0.5 text-left font-mono text-[12px] hover:bg-wb-hover"
                // As in VS Code: a click previews the match in the one preview tab, a double click keeps it.
                onClick={() => void open(file.path, target(m), { preview: true }).catch(notices.error)}
                onDoubleClick={() => void open(file.path, target(m), { preview: false }).catch(notices.error)}
              >
                <span className="w-8 shrink-0 text-right text-wb-muted">{m.line}</span>
                <Preview text={m.text} ranges={m.ranges} />
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
