import type { NodeRunView } from '../../../../shared/domain/workflow-runs';
import { formatDuration } from './run-summary';
import { nodeStatusStyle } from './status-style';

const ROW = 18;
const LABEL = 150;
const WIDTH = 640;
const MAX_ROWS = 150;

/** A Gantt chart of a run: one bar per node from its start to its end (or now), coloured by state. */
export function RunTimeline({ nodes, now }: { nodes: readonly NodeRunView[]; now: number }) {
  const started = nodes
    .filter((n) => n.startedAt !== null)
    .sort((a, b) => a.startedAt! - b.startedAt! || a.key.localeCompare(b.key));
  if (started.length === 0) return <p className="text-[12px] text-wb-muted">No step has started yet.</p>;
  const shown = started.slice(0, MAX_ROWS);
  const t0 = Math.min(...shown.map((n) => n.startedAt!));
  const t1 = Math.max(...shown.map((n) => n.endedAt ?? now), t0 + 1);
  const span = t1 - t0;
  const plot = WIDTH - LABEL - 10;
  const x = (t: number) => LABEL + ((t - t0) / span) * plot;
  const ticks = Array.from({ length: 5 }, (_, i) => t0 + (span * i) / 4);
  const height = shown.length * ROW + 24;
  return (
    <figure className="flex flex-col gap-1 overflow-x-auto">
      <svg
        role="img"
        aria-label={`Timeline of ${started.length} steps over ${formatDuration(span)}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        className="text-wb-fg"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - 18} stroke="currentColor" strokeOpacity={0.12} />
            <text x={x(t)} y={height - 4} fontSize={10} textAnchor="middle" fill="currentColor" fillOpacity={0.6}>
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
  );
}
