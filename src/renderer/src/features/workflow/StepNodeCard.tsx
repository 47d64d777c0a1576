import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { AlertTriangle, ChevronRight, Unlink } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import { describeIssue } from '../../../../shared/workflow/issue-words';
import { useCanvasInfo } from './canvas-context';
import type { StepNode } from './flow';
import { kindIcons, unknownKindIcon } from './kind-icons';
import { containerKinds } from './model';
import { handleLabel, infoOf, sourceHandles } from './node-kinds';
import { formatCost, formatDuration, formatTokens } from './run-summary';
import { nodeStatusStyle } from './status-style';

/** One step on the canvas: kind, label, problems, run state, and its handles. */
export function StepNodeCard({ id, data, selected }: NodeProps<StepNode>) {
  const info = useCanvasInfo();
  const def = data.def;
  const kind = infoOf(def.kind);
  const Icon = kindIcons[def.kind] ?? unknownKindIcon;
  const issues = info.issues.get(id) ?? [];
  const dangling = info.dangling.get(id) ?? [];
  const run = info.run?.get(id) ?? null;
  const style = run ? nodeStatusStyle[run.status] : null;
  const StatusIcon = style?.icon;
  const handles = useMemo(
    () => sourceHandles({ ...def }, { nodes: [], edges: [...info.edges] }, info.branches[id]),
    [def, info.edges, info.branches, id],
  );
  const updateInternals = useUpdateNodeInternals();
  const handleKey = handles.join('|');
  // A new branch handle must be measured before an edge can attach to it. Not at mount: React
  // Flow measures a new node itself, and one forced update per card (each its own store update
  // and re-render of the canvas) made opening 150 steps take 10 s.
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateInternals(id);
  }, [handleKey, id, updateInternals]);
  const body = containerKinds.includes(def.kind) ? def.body : undefined;
  const title = typeof def.label === 'string' && def.label !== '' ? def.label : id;

  return (
    <div
      data-testid={`wf-node-${id}`}
      data-status={run?.status ?? 'none'}
      className={`relative w-[232px] rounded-md border-2 bg-wb-bg text-[12px] shadow-sm ${
        style ? style.border : issues.length > 0 ? 'border-wb-danger' : 'border-wb-border'
      } ${selected ? 'ring-2 ring-wb-accent ring-offset-1 ring-offset-wb-bg' : ''}`}
    >
      <div className={`absolute inset-x-0 top-0 h-1 rounded-t-sm ${kind.accent}`} />
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        title="Runs after the steps connected here"
        className="!h-3 !w-3 !border-2 !border-wb-muted !bg-wb-bg"
      />
      <div className="flex items-center gap-2 px-3 pt-2.5 pb-2">
        <Icon size={15} className="shrink-0 text-wb-muted" aria-hidden />
        <div className="min-w-0 flex-1">
          <div className="truncate font-medium text-wb-fg">{title}</div>
          <div className="truncate font-mono text-[10px] text-wb-muted">
            {id} · {kind.title}
          </div>
        </div>
        {issues.length > 0 && (
          <span
            className="flex items-center gap-0.5 text-wb-danger"
            title={issues.map((i) => describeIssue(i)).join('\n')}
            aria-label={`${issues.length} problem${issues.length === 1 ? '' : 's'}`}
          >
            <AlertTriangle size={14} aria-hidden />
            {issues.length}
          </span>
        )}
        {style && StatusIcon && (
          <span title={style.label} aria-label={style.label} className={style.text}>
            <StatusIcon size={16} className={run?.status === 'running' ? 'animate-spin' : ''} aria-hidden />
          </span>
        )}
      </div>
      {dangling.length > 0 && (
        <ul
          data-testid={`wf-dangling-${id}`}
          className="border-t border-wb-border px-3 py-1 text-[11px] text-wb-danger"
        >
          {dangling.map((end) => (
            <li key={`${end.direction}:${end.missing}`} className="flex items-center gap-1">
              <Unlink size={11} aria-hidden />
              {end.direction === 'to'
                ? `Edge to “${end.missing}”: no such step`
                : `Edge from “${end.missing}”: no such step`}
            </li>
          ))}
        </ul>
      )}
      {body && (
        <button
          type="button"
          className="nodrag flex w-full items-center justify-between border-t border-wb-border px-3 py-1 text-left text-[11px] text-wb-muted hover:bg-wb-hover"
          onClick={() => info.openBody(id)}
        >
          <span>
            Body: {body.nodes.length} step{body.nodes.length === 1 ? '' : 's'}
          </span>
          <span className="flex items-center text-wb-accent">
            Open <ChevronRight size={12} />
          </span>
        </button>
      )}
      {run && (
        <div className="flex items-center gap-2 border-t border-wb-border px-3 py-1 font-mono text-[10px] text-wb-muted">
          <span title="Duration">{formatDuration(run.durationMs)}</span>
          {run.tokens > 0 && <span title="Tokens">{formatTokens(run.tokens)} tok</span>}
          {run.tokens > 0 && <span title="Cost">{formatCost(run.costUsd)}</span>}
          {run.count > 1 && (
            <span className="ml-auto" title="Items or passes completed">
              {run.completed}/{run.count}
            </span>
          )}
        </div>
      )}
      {run?.status === 'waiting' && (
        <div className="nodrag border-t border-wb-border px-3 py-1.5">
          {run.message && <div className="mb-1 text-[11px] text-wb-fg">{run.message}</div>}
          <div className="flex gap-1.5">
            <button
              type="button"
              className="rounded-sm bg-green-600 px-2 py-0.5 text-[11px] text-white hover:brightness-110"
              onClick={() => info.approve(id, true)}
            >
              Approve
            </button>
            <button
              type="button"
              className="rounded-sm border border-wb-border px-2 py-0.5 text-[11px] hover:bg-wb-hover"
              onClick={() => info.approve(id, false)}
            >
              Reject
            </button>
          </div>
        </div>
      )}
      {handles.map((h, i) => {
        const top = `${((i + 1) / (handles.length + 1)) * 100}%`;
        const failure = h === 'failure';
        return (
          <div key={h}>
            <Handle
              type="source"
              position={Position.Right}
              id={h}
              style={{ top }}
              title={failure ? 'On failure' : h === 'success' ? 'On success' : `Branch “${h}”`}
              className={`!h-3 !w-3 !border-2 ${failure ? '!border-red-600 !bg-red-200' : '!border-green-600 !bg-green-200'}`}
            />
            <span
              className="pointer-events-none absolute right-[-4px] translate-x-full -translate-y-1/2 pl-2 text-[9px] text-wb-muted"
              style={{ top }}
            >
              {handleLabel(h)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
