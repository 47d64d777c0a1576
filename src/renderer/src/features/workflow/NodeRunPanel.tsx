import { RotateCw } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { NodeRunDetail } from '../../../../shared/domain/workflow-runs';
import { Button } from '../../components/ui/Button';
import { useNotices } from '../../stores/notifications';
import { useWorkflowRuns } from './state/workflow-runs';
import { runKeyPattern } from './model';
import { OutputExtras } from './OutputExtras';
import { formatCost, formatDuration, formatTokens } from './run-summary';
import { isLive, nodeStatusStyle } from './status-style';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-1">
      <h3 className="text-[11px] font-semibold tracking-wide text-wb-muted uppercase">{title}</h3>
      {children}
    </section>
  );
}

const pre =
  'max-h-64 overflow-auto rounded-sm border border-wb-border bg-wb-bg p-2 font-mono text-[11px] whitespace-pre-wrap break-words';

const show = (value: unknown): string =>
  value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);

/** What one node did in a run: state, numbers, output, input, log, changed files; retry and approval. */
export function NodeRunPanel({ runId, level, id }: { runId: string; level: readonly string[]; id: string }) {
  const nodes = useWorkflowRuns((s) => s.details[runId]?.nodes);
  const run = useWorkflowRuns((s) => s.details[runId]?.run);
  const keys = useMemo(() => {
    if (!nodes) return [];
    if (level.length === 0) return nodes[id] ? [id] : [];
    const pattern = runKeyPattern(level, id);
    return Object.keys(nodes)
      .filter((k) => pattern.test(k))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }, [nodes, level, id]);
  const [chosen, setChosen] = useState<string | null>(null);
  const key = chosen !== null && keys.includes(chosen) ? chosen : (keys.at(-1) ?? null);
  const detail = useWorkflowRuns((s) => (key ? s.nodeDetail(runId, key) : undefined));
  const status = key ? nodes?.[key]?.status : undefined;

  useEffect(() => {
    if (key) void useWorkflowRuns.getState().loadNode(runId, key).catch(useNotices.getState().error);
  }, [runId, key, status]);

  if (!key) return <div className="text-[12px] text-wb-muted">The run has not reached this step.</div>;
  const node = detail?.node ?? nodes?.[key];
  if (!node) return null;
  const style = nodeStatusStyle[node.status];
  const Icon = style.icon;
  const canRetry = run !== undefined && !isLive(run.status) && level.length === 0;
  return (
    <div aria-label={`Run output of ${id}`} className="flex flex-col gap-3 text-[12px]">
      {keys.length > 1 && (
        <select
          aria-label="Item or pass"
          value={key}
          onChange={(e) => setChosen(e.target.value)}
          className="rounded-sm border border-wb-border bg-wb-input px-2 py-1 font-mono text-[11px]"
        >
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      )}
      <div className={`flex items-center gap-2 ${style.text}`}>
        <Icon size={16} className={node.status === 'running' ? 'animate-spin' : ''} aria-hidden />
        <span className="font-medium" data-testid="node-run-status">
          {style.label}
        </span>
        {node.attempt > 1 && <span className="text-wb-muted">attempt {node.attempt}</span>}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[11px]">
        <dt className="text-wb-muted">Duration</dt>
        <dd>{formatDuration(node.durationMs)}</dd>
        <dt className="text-wb-muted">Tokens</dt>
        <dd>
          {formatTokens(node.inputTokens)} in · {formatTokens(node.outputTokens)} out
        </dd>
        <dt className="text-wb-muted">Cost</dt>
        <dd>{formatCost(node.costUsd)}</dd>
        {node.branch !== null && (
          <>
            <dt className="text-wb-muted">Branch</dt>
            <dd className="font-mono">{node.branch}</dd>
          </>
        )}
      </dl>
      {node.error && (
        <div role="alert" className="rounded-sm bg-wb-danger/10 px-2 py-1 text-wb-danger">
          {node.error.message}
          {node.handled && <span className="text-wb-muted"> (taken care of by a failure edge)</span>}
        </div>
      )}
      {node.status === 'waiting' && (
        <div className="flex flex-col gap-1">
          {node.message && <div>{node.message}</div>}
          <div className="flex gap-2">
            <Button
              variant="primary"
              onClick={() => void act(() => useWorkflowRuns.getState().approve(runId, key, true))}
            >
              Approve
            </Button>
            <Button onClick={() => void act(() => useWorkflowRuns.getState().approve(runId, key, false))}>
              Reject
            </Button>
          </div>
        </div>
      )}
      {canRetry && (
        <Button
          className="self-start"
          onClick={() => void act(() => useWorkflowRuns.getState().retry(runId, key))}
          title="Run this step and everything after it again, with the workflow as saved now"
        >
          <RotateCw size={13} /> Retry from this step
        </Button>
      )}
      <Outputs detail={detail} />
    </div>
  );
}

function Outputs({ detail }: { detail: NodeRunDetail | undefined }) {
  if (!detail) return <div className="text-wb-muted">Loading…</div>;
  return (
    <>
      <OutputExtras kind={detail.node.kind} output={detail.output} />
      <Section title="Output">
        <pre className={pre} data-testid="node-output">
          {show(detail.output)}
        </pre>
      </Section>
      {detail.changes && detail.changes.length > 0 && (
        <Section title="Changed files">
          <ul className="font-mono text-[11px]">
            {detail.changes.map((c) => (
              <li key={c.path}>
                <span className="inline-block w-16 text-wb-muted">{c.status}</span>
                {c.path}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Log">
        <pre className={pre} data-testid="node-log">
          {detail.logs.length === 0
            ? '(nothing logged)'
            : detail.logs.map((l, i) => (
                <span
                  key={i}
                  className={l.stream === 'stderr' ? 'text-wb-danger' : l.stream === 'info' ? 'text-wb-muted' : ''}
                >
                  {l.text.endsWith('\n') ? l.text : `${l.text}\n`}
                </span>
              ))}
        </pre>
      </Section>
      <Section title="Input">
        <pre className={pre}>{show(detail.input)}</pre>
      </Section>
    </>
  );
}

async function act(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    useNotices.getState().error(error);
  }
}
