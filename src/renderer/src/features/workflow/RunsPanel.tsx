import { Play, RotateCw, Square, Workflow } from 'lucide-react';
import { useEffect } from 'react';
import type { WorkflowRunInfo } from '../../../../shared/domain/workflow-runs';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { openWorkflow } from './contribution';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useWorkflowBuilder } from './state/workflow-builder';
import { useWorkflowRuns } from './state/workflow-runs';
import { KeptWorktrees } from './KeptWorktrees';
import { RunCostChart } from './RunCostChart';
import { formatCost, formatDuration, formatTokens } from './run-summary';
import { RunTimeline } from './RunTimeline';
import { isLive, runStatusStyle } from './status-style';
import { useNow } from './use-now';

const time = (at: number) =>
  new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function RunRow({ run, selected, now }: { run: WorkflowRunInfo; selected: boolean; now: number }) {
  const style = runStatusStyle[run.status];
  const Icon = style.icon;
  return (
    <li aria-label={`Run ${run.id} of ${run.workflow}`}>
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => useWorkflowRuns.getState().select(run.id)}
        className={`flex w-full items-center gap-2 px-3 py-1 text-left text-[12px] ${selected ? 'bg-wb-hover' : 'hover:bg-wb-hover'}`}
      >
        <span className={style.text} title={style.label}>
          <Icon size={13} className={run.status === 'running' ? 'animate-spin' : ''} aria-label={style.label} />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate">{run.workflow}</span>
          <span className="block text-[10px] text-wb-muted">{time(run.createdAt)}</span>
        </span>
        <span className="text-right text-[11px] text-wb-muted">
          <span className="block">{formatDuration((run.finishedAt ?? now) - run.createdAt)}</span>
          <span className="block">{formatCost(run.costUsd)}</span>
        </span>
      </button>
    </li>
  );
}

function RunDetail({ runId }: { runId: string }) {
  const detail = useWorkflowRuns((s) => s.details[runId]);
  const live = detail ? isLive(detail.run.status) : false;
  const now = useNow(live);
  if (!detail) return <div className="p-3 text-[12px] text-wb-muted">Loading…</div>;
  const { run } = detail;
  const nodes = Object.values(detail.nodes);
  const style = runStatusStyle[run.status];
  const projectId = run.projectId;
  const guard = (p: Promise<unknown>) => void p.catch(useNotices.getState().error);
  const openOnCanvas = () => {
    useWorkflowBuilder.getState().attachRun(run.workflow, run.id);
    openWorkflow(run.workflow);
  };
  return (
    <div className="flex flex-col gap-3 p-3" aria-label={`Run ${run.id}`}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[12px]">
        <span className="text-[13px] font-medium">{run.workflow}</span>
        <span className={style.text}>{style.label}</span>
        <span className="font-mono text-[11px] text-wb-muted">{run.id}</span>
        <span>{formatDuration((run.finishedAt ?? now) - run.createdAt)}</span>
        {run.counts && (
          <span>
            {run.counts.completed}/{run.counts.total} steps
            {run.counts.failed > 0 ? `, ${run.counts.failed} failed` : ''}
          </span>
        )}
        <span>
          {formatTokens(run.inputTokens + run.outputTokens)} tokens · {formatCost(run.costUsd)}
        </span>
        <div className="ml-auto flex gap-1">
          <Button variant="ghost" onClick={openOnCanvas}>
            <Workflow size={13} /> Show on canvas
          </Button>
          {live && (
            <Button variant="ghost" onClick={() => guard(useWorkflowRuns.getState().act(run.id, 'cancel'))}>
              <Square size={13} /> Cancel
            </Button>
          )}
          {!live && run.status !== 'completed' && (
            <Button variant="ghost" onClick={() => guard(useWorkflowRuns.getState().act(run.id, 'resume'))}>
              <Play size={13} /> Resume
            </Button>
          )}
          {run.status === 'paused' && (
            <Button variant="ghost" onClick={() => guard(useWorkflowRuns.getState().act(run.id, 'resume'))}>
              <Play size={13} /> Resume
            </Button>
          )}
          {!live && (
            <Button
              variant="ghost"
              onClick={() => guard(useWorkflowRuns.getState().start(projectId, run.workflow, run.inputs))}
            >
              <RotateCw size={13} /> Re-run
            </Button>
          )}
        </div>
      </div>
      {run.error && (
        <div role="alert" className="text-[12px] text-wb-danger">
          {run.error.message}
        </div>
      )}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <section aria-label="Timeline">
          <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Timeline</h3>
          <RunTimeline nodes={nodes} now={now} />
        </section>
        <section aria-label="Tokens and cost">
          <h3 className="mb-1 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Tokens and cost</h3>
          <RunCostChart nodes={nodes} />
        </section>
      </div>
    </div>
  );
}

/** The Runs tab of the bottom panel: the project's workflow runs, newest first, and the chosen one. */
export function RunsPanel() {
  const projectId = useProjects((s) => s.current?.id ?? null);
  const runs = useWorkflowRuns((s) => s.runs);
  const available = useWorkflowRuns((s) => s.available);
  const selected = useWorkflowRuns((s) => s.selected);
  const anyLive = runs.some((r) => isLive(r.status));
  const now = useNow(anyLive);
  useEffect(() => {
    if (projectId) void useWorkflowRuns.getState().load(projectId).catch(useNotices.getState().error);
  }, [projectId]);
  if (!projectId)
    return <EmptyState title="No folder open">Workflow runs of the open project are listed here.</EmptyState>;
  if (!available) return <EmptyState title="Not available">This build cannot run workflows yet.</EmptyState>;
  if (runs.length === 0) {
    return (
      <EmptyState title="No workflow runs">
        Open a workflow from the Workflows view and press Run; its runs are listed here.
      </EmptyState>
    );
  }
  const current = selected ?? runs[0]!.id;
  // Kept worktrees change as runs end; their ids and statuses are what the list depends on.
  const runsKey = runs.map((r) => `${r.id}:${r.status}`).join(',');
  return (
    <div className="flex h-full min-h-0">
      <div className="flex w-72 shrink-0 flex-col border-r border-wb-border">
        <KeptWorktrees projectId={projectId} runsKey={runsKey} />
        <ul aria-label="Workflow runs" className="min-h-0 flex-1 overflow-y-auto">
          {runs.map((r) => (
            <RunRow key={r.id} run={r} selected={r.id === current} now={now} />
          ))}
        </ul>
      </div>
      <div className="min-w-0 flex-1 overflow-y-auto">
        <RunDetailLoader runId={current} />
      </div>
    </div>
  );
}

function RunDetailLoader({ runId }: { runId: string }) {
  const loaded = useWorkflowRuns((s) => s.details[runId] !== undefined);
  useEffect(() => {
    if (!loaded) void useWorkflowRuns.getState().loadDetail(runId).catch(useNotices.getState().error);
  }, [runId, loaded]);
  return <RunDetail runId={runId} />;
}
