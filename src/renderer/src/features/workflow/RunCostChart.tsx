import type { NodeRunView } from '../../../../shared/domain/workflow-runs';
import { formatCost, formatTokens } from './run-summary';
import { useWidth } from './use-width';

const ROW = 20;
const LABEL = 150;
const MAX_ROWS = 40;

/** Tokens per step (input and output stacked) with each step's cost; the steps that used a model. */
export function RunCostChart({ nodes }: { nodes: readonly NodeRunView[] }) {
  const [box, measured] = useWidth<HTMLDivElement>(520);
  const WIDTH = Math.max(300, measured);
  const used = nodes
    .filter((n) => n.inputTokens + n.outputTokens > 0)
    .sort((a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens))
    .slice(0, MAX_ROWS);
  if (used.length === 0)
    return (
      <div ref={box} className="text-[12px] text-wb-muted">
        No step called a model.
      </div>
    );
  const max = Math.max(...used.map((n) => n.inputTokens + n.outputTokens));
  const plot = WIDTH - LABEL - 110;
  const w = (t: number) => (t / max) * plot;
  return (
    <div ref={box}>
      <figure className="flex flex-col gap-1 overflow-x-auto">
        <svg
          role="img"
          aria-label={`Tokens and cost of ${used.length} steps`}
          viewBox={`0 0 ${WIDTH} ${used.length * ROW + 4}`}
          width={WIDTH}
          className="text-wb-fg"
        >
          {used.map((n, i) => {
            const y = i * ROW + 2;
            return (
              <g key={n.key}>
                <title>{`${n.key}: ${n.inputTokens} in, ${n.outputTokens} out, ${formatCost(n.costUsd)}`}</title>
                <text x={LABEL - 6} y={y + 13} fontSize={10} textAnchor="end" fill="currentColor" className="font-mono">
                  {n.key.length > 24 ? `…${n.key.slice(-23)}` : n.key}
                </text>
                <rect x={LABEL} y={y + 3} width={w(n.inputTokens)} height={ROW - 8} fill="#0ea5e9" />
                <rect
                  x={LABEL + w(n.inputTokens)}
                  y={y + 3}
                  width={w(n.outputTokens)}
                  height={ROW - 8}
                  fill="#8b5cf6"
                />
                <text
                  x={LABEL + w(n.inputTokens + n.outputTokens) + 6}
                  y={y + 13}
                  fontSize={10}
                  fill="currentColor"
                  fillOpacity={0.75}
                >
                  {formatTokens(n.inputTokens + n.outputTokens)} · {formatCost(n.costUsd)}
                </text>
              </g>
            );
          })}
        </svg>
        <figcaption className="flex gap-3 text-[11px] text-wb-muted">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-3 bg-sky-500" /> input tokens
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-3 bg-violet-500" /> output tokens
          </span>
        </figcaption>
      </figure>
    </div>
  );
}
