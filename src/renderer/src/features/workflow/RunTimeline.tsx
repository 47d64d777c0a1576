import type { NodeRunView } from '../../../../shared/domain/workflow-runs';
import { formatDuration } from './run-summary';
import { useWidth } from './use-width';
import { nodeStatusStyle } from './status-style';

const ROW = 18;
const LABEL = 150;
const MAX_ROWS = 150;

/** A Gantt chart of a run: one bar per node from its start to its end (or now), coloured by state. */
export function RunTimeline({ nodes, now }: { nodes: readonly NodeRunView[]; now: number }) {
  const [box, measured] = useWidth<HTMLDivElement>(640);
  const WIDTH = Math.max(320, measured);
  const started = nodes
    .filter((n) => n.startedAt !== null)
    .sort((a, b) => a.startedAt! - b.startedAt! || a.key.localeCompare(b.key));
  if (started.length === 0)
    return (
      <div ref={box} className="text-[12px] text-wb-muted">
        No step has started yet.
      </div>
    );
  const shown = started.slice(0, MAX_ROWS);
  const t0 = Math.min(...shown.map((n) => n.startedAt!));
  const t1 = Math.max(...shown.map((n) => n.endedAt ?? now), t0 + 1);
  const span = t1 - t0;
  const plot = WIDTH - LABEL - 10;
  const x = (t: number) => LABEL + ((t - t0) / span) * plot;
  const ticks = Array.from({ length: 5 }, (_, i) => t0 + (span * i) / 4);
  const height = shown.length * ROW + 24;
  return (
    <div ref={box}>
      <figure className="flex flex-col gap-1 overflow-x-auto">
        <svg
          role="img"
          aria-label={`Timeline of ${started.length} steps over ${formatDuration(span)}`}
          viewBox={`0 0 ${WIDTH} ${height}`}
          width={WIDTH}
          className="text-wb-fg"
        >
          {ticks.map((t, i) => (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={0} y2={height - 18} stroke="currentColor" strokeOpacity={0.12} />
              <text
                x={x(t)}
                y={height - 4}
                fontSize={10}
                textAnchor={i === ticks.length - 1 ? 'end' : 'middle'}
                fill="currentColor"
                fillOpacity={0.6}
              >
                {formatDuration(t - t0)}
              </text>
            </g>
          ))}
          {shown.map((n, i) => {
            const start = x(n.startedAt!);
            const end = Math.max(x(n.endedAt ?? now), start + 2);
            return (
              <g key={n.key}>
                <title>{`${n.key}: ${nodeStatusStyle[n.status].label}, ${formatDuration(n.durationMs ?? (n.endedAt ?? now) - n.startedAt!)}`}</title>
                <text
                  x={LABEL - 6}
                  y={i * ROW + 13}
                  fontSize={10}
                  textAnchor="end"
                  fill="currentColor"
                  className="font-mono"
                >
                  {n.key.length > 24 ? `…${n.key.slice(-23)}` : n.key}
                </text>
                <rect
                  x={start}
                  y={i * ROW + 3}
                  width={end - start}
                  height={ROW - 6}
                  rx={2}
                  fill={nodeStatusStyle[n.status].fill}
                />
              </g>
            );
          })}
        </svg>
        {started.length > MAX_ROWS && (
          <figcaption className="text-[11px] text-wb-muted">
            The first {MAX_ROWS} of {started.length} steps.
          </figcaption>
        )}
      </figure>
    </div>
  );
}
