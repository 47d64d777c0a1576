import { RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { BASE, pairOf, radarTaskIds, type RadarPairView } from './radar';
import { useBoard } from './state/board';

/**
 * The conflict radar as a matrix: a row and a column per active task branch, and a column for
 * the base branch. A cell counts the files both sides changed (red when git finds a textual
 * conflict); clicking it lists the files and the conflicted lines.
 */
export function RadarView() {
  const radar = useBoard((s) => s.radar);
  const tasks = useBoard((s) => s.tasks);
  const [picked, setPicked] = useState<{ a: string; b: string } | null>(null);
  const ids = radarTaskIds(radar);
  const name = (id: string) => (id === BASE ? `Base (${radar?.base?.branch ?? '?'})` : (tasks[id]?.title ?? id));
  const pair = picked ? pairOf(radar, picked.a, picked.b) : undefined;

  const refresh = (
    <Button onClick={() => void useBoard.getState().loadRadar(true)}>
      <RefreshCw size={12} aria-hidden /> Recompute
    </Button>
  );
  if (!radar) return <EmptyState title="Reading the conflict radar…" />;
  if (radar.error)
    return (
      <EmptyState title="The conflict radar could not run">
        <span role="alert">{radar.error.message}</span>
        <div className="mt-2">{refresh}</div>
      </EmptyState>
    );
  if (ids.length === 0)
    return (
      <EmptyState title="No task branches to compare yet">
        The radar compares the branches of started tasks with each other and with the base branch. Run the board and it
        fills in as agents change files.
      </EmptyState>
    );

  const cell = (a: string, b: string) => {
    if (a === b) return <td key={b} className="h-8 border border-wb-border bg-wb-hover" aria-label="same task" />;
    const p = pairOf(radar, a, b);
    const conflicted = p?.conflicts.length ?? 0;
    const overlap = p?.overlap.length ?? 0;
    const label = `${name(a)} and ${name(b)}: ${
      conflicted > 0 ? `${conflicted} conflicting` : overlap > 0 ? `${overlap} shared, no conflict` : 'nothing shared'
    }`;
    return (
      <td key={b} className="h-8 min-w-12 border border-wb-border p-0 text-center">
        {p ? (
          <button
            type="button"
            aria-label={label}
            aria-pressed={picked?.a === a && picked.b === b}
            data-conflict={conflicted > 0 ? 'yes' : 'no'}
            className={`h-8 w-full min-w-12 font-semibold ${
              conflicted > 0 ? 'bg-wb-danger/20 text-wb-danger' : 'bg-amber-500/15 text-amber-800 dark:text-amber-300'
            } hover:brightness-110 aria-pressed:ring-2 aria-pressed:ring-wb-accent aria-pressed:ring-inset`}
            onClick={() => setPicked({ a, b })}
          >
            {conflicted > 0 ? conflicted : overlap}
          </button>
        ) : (
          <span className="sr-only">{label}</span>
        )}
      </td>
    );
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-auto p-3" data-testid="radar-view">
      <div className="mb-2 flex items-center gap-3 text-[12px] text-wb-muted">
        <span>
          Against <span className="font-mono">{radar.base?.branch}</span> at{' '}
          <span className="font-mono">{radar.base?.commit.slice(0, 8)}</span>, computed{' '}
          {new Date(radar.at).toLocaleTimeString()}
        </span>
        {refresh}
      </div>
      <table aria-label="Conflict radar" className="border-collapse text-[12px]">
        <thead>
          <tr>
            <td />
            {[...ids, BASE].map((id) => (
              <th key={id} scope="col" className="max-w-32 truncate px-1 pb-1 text-left font-medium" title={name(id)}>
                {name(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ids.map((a) => (
            <tr key={a}>
              <th scope="row" className="max-w-48 truncate pr-2 text-left font-medium" title={name(a)}>
                {name(a)}
              </th>
              {[...ids, BASE].map((b) => cell(a, b))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-[11px] text-wb-muted">
        Red: files git cannot merge (a textual conflict). Amber: files both changed that still merge cleanly.
      </p>
      {picked && pair && <PairFiles pair={pair} name={name} />}
      {radar.tasks
        .filter((t) => t.problem)
        .map((t) => (
          <p key={t.taskId} className="mt-2 text-[12px] text-wb-danger">
            {name(t.taskId)}: {t.problem!.message}
          </p>
        ))}
    </div>
  );
}

type PairDetails = NonNullable<Awaited<ReturnType<typeof api.tasks.radarPair>>>;

/** The files of one pair; the conflicted line ranges are read from the backend for this pair only. */
function PairFiles({ pair, name }: { pair: RadarPairView; name: (id: string) => string }) {
  const projectId = useBoard((s) => s.projectId);
  const [details, setDetails] = useState<{ key: string; value: PairDetails | null; error: string | null } | null>(null);
  const key = `${pair.a}:${pair.b}:${pair.commitA}:${pair.commitB}`;
  useEffect(() => {
    if (!projectId || pair.conflicts.length === 0) return;
    let live = true;
    api.tasks
      .radarPair({ projectId, a: pair.a, b: pair.b })
      .then((value) => live && setDetails({ key, value, error: null }))
      .catch((e: unknown) => live && setDetails({ key, value: null, error: describeError(e).message }));
    return () => {
      live = false;
    };
  }, [projectId, pair.a, pair.b, pair.conflicts.length, key]);
  const current = details?.key === key ? details : null;
  const hunksOf = new Map((current?.value?.conflicts ?? []).map((c) => [c.path, c.hunks]));
  const conflicted = new Set(pair.conflicts.map((c) => c.path));
  const where = (path: string): string => {
    if (!current) return 'conflict (reading the lines…)';
    const hunks = hunksOf.get(path);
    if (!hunks) return 'conflict';
    if (hunks.length === 0) return 'conflict (no markers: binary, rename or delete)';
    return `conflict at ${hunks.map((h) => `lines ${h.startLine}–${h.endLine}`).join(', ')}`;
  };
  const paths = [...pair.overlap, ...[...conflicted].filter((p) => !pair.overlap.includes(p))];
  return (
    <section aria-label="Files of the pair" className="mt-3 rounded-sm border border-wb-border p-2 text-[12px]">
      <h3 className="font-semibold">
        {name(pair.a)} × {name(pair.b)}
      </h3>
      <ul className="mt-1 flex flex-col gap-0.5 font-mono text-[12px]">
        {paths.map((path) => (
          <li key={path} className={conflicted.has(path) ? 'text-wb-danger' : ''}>
            {path}
            {conflicted.has(path) && <span className="ml-2 font-sans text-[11px]">{where(path)}</span>}
          </li>
        ))}
      </ul>
      {current?.error && <p className="mt-1 text-wb-danger">{current.error}</p>}
    </section>
  );
}
