import { useState } from 'react';
import type { ValidationIssueView } from '../../../../shared/domain/workflow';
import { useWorkflowBuilder } from './state/workflow-builder';
import { advancedFields, commonFields, kindFields, type Field } from './fields';
import { FieldInput, inputClass, Row } from './FieldInput';
import type { StepEdge, StepNode } from './flow';
import { graphAt } from './model';
import { hasBranches, infoOf, sourceHandles } from './node-kinds';
import { NodeRunPanel } from './NodeRunPanel';
import { WorkflowForm } from './WorkflowForm';

const problemsOf = (issues: readonly ValidationIssueView[], path: string, field: Field) =>
  issues
    .filter((i) => i.node === path && (i.field === field.key || i.field?.startsWith(`${field.key}.`)))
    .map((i) => i.message);

function NodeForm({ name, node, path }: { name: string; node: StepNode; path: string }) {
  const issues = useWorkflowBuilder((s) => s.docs[name]?.issues ?? []);
  const def = node.data.def;
  const update = (patch: Record<string, unknown>) => useWorkflowBuilder.getState().updateNode(name, node.id, patch);
  const row = (field: Field) => (
    <FieldInput
      key={`${node.id}:${field.key}`}
      field={field}
      value={field.key === 'id' ? node.id : def[field.key]}
      onChange={(v) => update({ [field.key]: v })}
      problems={problemsOf(issues, path, field)}
    />
  );
  const unpinned = issues.filter(
    (i) =>
      i.node === path &&
      (i.field === null ||
        ![...commonFields, ...(kindFields[def.kind] ?? []), ...advancedFields(def.kind)].some(
          (f) => i.field === f.key || i.field?.startsWith(`${f.key}.`),
        )),
  );
  return (
    <form
      aria-label={`${infoOf(def.kind).title} node ${node.id}`}
      className="flex flex-col gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      {unpinned.map((i) => (
        <div key={i.message} role="alert" className="rounded-sm bg-wb-danger/10 px-2 py-1 text-[11px] text-wb-danger">
          {i.message}
        </div>
      ))}
      {commonFields.map(row)}
      {(kindFields[def.kind] ?? []).map(row)}
      {hasBranches(def.kind) && <BranchEditor name={name} id={node.id} />}
      <details className="flex flex-col gap-3">
        <summary className="cursor-pointer text-[11px] font-medium text-wb-muted">Advanced</summary>
        <div className="mt-2 flex flex-col gap-3">{advancedFields(def.kind).map(row)}</div>
      </details>
    </form>
  );
}

/** Adds a branch label to a condition node, so a handle for it appears. */
function BranchEditor({ name, id }: { name: string; id: string }) {
  const [label, setLabel] = useState('');
  const doc = useWorkflowBuilder((s) => s.docs[name]);
  if (!doc) return null;
  const graph = graphAt(useWorkflowBuilder.getState().current(name), doc.level);
  const node = graph.nodes.find((n) => n.id === id);
  const labels = node ? sourceHandles(node, graph, doc.branches[id]) : [];
  const add = () => {
    if (/^[A-Za-z0-9_-]{1,64}$/.test(label)) useWorkflowBuilder.getState().addBranch(name, id, label);
    setLabel('');
  };
  return (
    <Row label="Branches" help="When the expression gives a string, the edge with that label is taken.">
      <div className="flex flex-wrap gap-1 font-mono text-[11px]">
        {labels.map((l) => (
          <span key={l} className="rounded-sm border border-wb-border px-1.5 py-0.5">
            {l}
          </span>
        ))}
      </div>
      <div className="flex gap-1">
        <input
          aria-label="New branch label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
          className={`${inputClass} font-mono`}
        />
        <button
          type="button"
          onClick={add}
          className="rounded-sm border border-wb-border px-2 text-[12px] hover:bg-wb-hover"
        >
          Add
        </button>
      </div>
    </Row>
  );
}

function EdgeForm({ name, edge, nodes }: { name: string; edge: StepEdge; nodes: readonly StepNode[] }) {
  const from = nodes.find((n) => n.id === edge.source);
  const doc = useWorkflowBuilder((s) => s.docs[name]);
  if (!from || !doc) return null;
  const graph = graphAt(useWorkflowBuilder.getState().current(name), doc.level);
  const fromDef = graph.nodes.find((n) => n.id === from.id);
  const options = fromDef ? sourceHandles(fromDef, graph, doc.branches[from.id]) : ['success', 'failure'];
  return (
    <form aria-label="Edge" className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
      <div className="text-[12px]">
        <span className="font-mono">{edge.source}</span> → <span className="font-mono">{edge.target}</span>
      </div>
      <Row label="Taken when" htmlFor="edge-on">
        <select
          id="edge-on"
          value={edge.sourceHandle ?? 'success'}
          onChange={(e) => useWorkflowBuilder.getState().updateEdge(name, edge.id, e.target.value)}
          className={inputClass}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {o === 'success' ? 'it succeeds' : o === 'failure' ? 'it fails' : `the branch is “${o}”`}
            </option>
          ))}
        </select>
      </Row>
    </form>
  );
}

/** The right-hand side of the builder: the selection's form, or the workflow's, and a selected node's run output. */
export function Inspector({ name }: { name: string }) {
  const doc = useWorkflowBuilder((s) => s.docs[name]);
  // With a run on the canvas, clicking a node shows what it did; Properties is one click away.
  const [tab, setTab] = useState<'properties' | 'run' | null>(null);
  if (!doc) return null;
  const selected = doc.nodes.filter((n) => n.selected);
  const edge = selected.length === 0 ? doc.edges.find((e) => e.selected) : undefined;
  const node = selected.length === 1 ? selected[0]! : null;
  const path = node ? [...doc.level, node.id].join('/') : '';
  const runTab = doc.runId !== null && node !== null;
  const showing = runTab ? (tab ?? 'run') : 'properties';
  return (
    <aside aria-label="Inspector" className="flex w-80 shrink-0 flex-col border-l border-wb-border bg-wb-side">
      <div
        role="tablist"
        aria-label="Inspector views"
        className="flex h-8 shrink-0 items-center gap-3 border-b border-wb-border px-3"
      >
        {(['properties', 'run'] as const).map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            aria-selected={showing === t}
            disabled={t === 'run' && !runTab}
            onClick={() => setTab(t)}
            className={`h-full border-b text-[11px] tracking-wide uppercase disabled:opacity-40 ${showing === t ? 'border-wb-accent text-wb-fg' : 'border-transparent text-wb-muted'}`}
          >
            {t === 'properties' ? 'Properties' : 'Run output'}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">
        {showing === 'run' && node && doc.runId ? (
          <NodeRunPanel runId={doc.runId} level={doc.level} id={node.id} />
        ) : node ? (
          <NodeForm key={node.id} name={name} node={node} path={path} />
        ) : selected.length > 1 ? (
          <div className="text-[12px] text-wb-muted">
            {selected.length} steps selected. Delete removes them; Ctrl+C copies them.
          </div>
        ) : edge ? (
          <EdgeForm name={name} edge={edge} nodes={doc.nodes} />
        ) : (
          <WorkflowForm name={name} definition={doc.definition} />
        )}
      </div>
    </aside>
  );
}
