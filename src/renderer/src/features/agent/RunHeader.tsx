import { FileDiff, GitBranch, ShieldAlert, ShieldCheck, Square } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { RunEntry, RunView } from '../../../../shared/domain/agent';
import { Button } from '../../components/ui/Button';
import { useNotices } from '../../stores/notifications';
import { isLive, useAgent } from './state/agent';
import { useModels } from '../models';
import { formatCost, formatTokens, sparklinePoints } from './format';
import { openReview } from './open';
import type { CostPoint } from './timeline';
import { StatusBadge, Tag } from './ui';

/** Cost after each step, drawn small beside the figures (only once there are two steps to join). */
function CostChart({ points }: { points: readonly CostPoint[] }) {
  const line = sparklinePoints(points, 80, 18);
  if (!line) return null;
  const last = points.at(-1)!;
  return (
    <svg
      role="img"
      aria-label={`Cost over ${points.length} steps, ${formatCost(last.costUsd)} at step ${last.step}`}
      width={82}
      height={20}
      viewBox="-1 -1 82 20"
      className="shrink-0 text-wb-accent"
    >
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <span className="flex items-baseline gap-1 whitespace-nowrap">
      <span className="text-wb-muted">{label}</span>
      <span className="tabular-nums">{children}</span>
    </span>
  );
}

/** Whether the run's commands are confined, from the newest on/off entry of its timeline. */
export function sandboxState(entries: readonly RunEntry[]): { on: boolean; message: string } | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind === 'sandbox' && e.event !== 'denied') return { on: e.event === 'on', message: e.message };
  }
  return null;
}

function SandboxBadge({ state }: { state: { on: boolean; message: string } }) {
  const Icon = state.on ? ShieldCheck : ShieldAlert;
  return (
    <span
      data-testid="run-sandbox"
      title={state.message}
      className={`flex items-center gap-1 rounded-sm border px-1.5 py-px text-[11px] ${
        state.on
          ? 'border-emerald-600 text-emerald-700 dark:border-emerald-400 dark:text-emerald-300'
          : 'border-amber-600 text-amber-700 dark:border-amber-400 dark:text-amber-300'
      }`}
    >
      <Icon size={12} aria-hidden />
      {state.on ? 'Sandboxed' : 'Not sandboxed'}
    </span>
  );
}

/** The run at a glance: status, model, steps, tokens and cost, and Stop while it works. */
export function RunHeader({
  run,
  cost,
  entries = [],
}: {
  run: RunView;
  cost: readonly CostPoint[];
  entries?: readonly RunEntry[];
}) {
  const sandbox = useMemo(() => sandboxState(entries), [entries]);
  const notices = useNotices();
  const [stopping, setStopping] = useState(false);
  const provider = useModels((s) => s.providers.find((p) => p.id === run.model.providerId)?.name);
  const live = isLive(run);
  const overBudget = run.budgetUsd !== null && run.costUsd !== null && run.costUsd >= run.budgetUsd;
  const stop = () => {
    setStopping(true);
    void useAgent
      .getState()
      .stop(run.id)
      .catch(notices.error)
      .finally(() => setStopping(false));
  };
  return (
    <header
      aria-label="Run summary"
      className="flex shrink-0 flex-col gap-1.5 border-b border-wb-border bg-wb-side px-4 py-2"
    >
      <div className="flex items-center gap-2">
        <StatusBadge status={run.status} />
        {sandbox && <SandboxBadge state={sandbox} />}
        <h1 className="min-w-0 flex-1 truncate text-[14px] font-semibold" title={run.task}>
          {run.task.split('\n')[0]}
        </h1>
        {live && (
          <Button onClick={stop} disabled={stopping} title="Stop the model and any running tool">
            <Square size={12} aria-hidden /> {stopping ? 'Stopping…' : 'Stop'}
          </Button>
        )}
        <Button onClick={() => openReview(run.id)}>
          <FileDiff size={13} aria-hidden /> Review changes
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[12px]">
        <Figure label="Model">
          <span className="font-mono">
            {provider ?? run.model.providerId} · {run.model.model}
          </span>
        </Figure>
        <Figure label="Steps">
          <span data-testid="run-steps">
            {run.steps} / {run.maxSteps}
          </span>
        </Figure>
        <Figure label="Tokens">
          {formatTokens(run.inputTokens)} in · {formatTokens(run.outputTokens)} out
        </Figure>
        <Figure label="Cost">
          <span className={overBudget ? 'text-wb-danger' : ''} data-testid="run-cost">
            {formatCost(run.costUsd)}
            {run.budgetUsd !== null && <span className="text-wb-muted"> of {formatCost(run.budgetUsd)}</span>}
          </span>
        </Figure>
        <CostChart points={cost} />
        <span className="ml-auto flex items-center gap-1 text-wb-muted" title="The run’s branch, and where it merges">
          <GitBranch size={12} aria-hidden />
          <span className="font-mono">{run.branch}</span>
          {run.baseBranch && (
            <>
              → <span className="font-mono">{run.baseBranch}</span>
            </>
          )}
          {run.review !== 'open' && <Tag>{run.review}</Tag>}
        </span>
      </div>
    </header>
  );
}
