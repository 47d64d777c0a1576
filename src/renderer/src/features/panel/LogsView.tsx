import { useEffect, useRef } from 'react';
import { useLogs } from './state/logs';

const levelColour: Record<string, string> = {
  warn: 'text-amber-600 dark:text-amber-400',
  error: 'text-wb-danger',
  fatal: 'text-wb-danger',
};

/** The main process's recent log lines, newest at the bottom. */
export function LogsView() {
  const entries = useLogs((s) => s.entries);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [entries.length]);
  return (
    <div className="px-4 py-1 font-mono text-[12px] leading-5" data-testid="logs">
      {entries.map((entry, i) => (
        <div key={i} className="flex gap-3 whitespace-pre-wrap">
          <span className="shrink-0 text-wb-muted">{new Date(entry.time).toLocaleTimeString()}</span>
          <span className={`w-10 shrink-0 uppercase ${levelColour[entry.level] ?? 'text-wb-muted'}`}>
            {entry.level}
          </span>
          <span>{entry.msg}</span>
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}
