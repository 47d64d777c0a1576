import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/ui/EmptyState';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useWorkflowBuilder } from './state/workflow-builder';
import { useWorkflowRuns } from './state/workflow-runs';
import { describeError } from '../../lib/errors';
import { Canvas } from './Canvas';
import { CanvasContext, danglingEnds, issuesAtLevel, type CanvasInfo, type DanglingEnd } from './canvas-context';
import type { StepNode } from './flow';
import { Inspector } from './Inspector';
import { DEFAULT_SIZE, freeSpot, type PlacedBox } from './layout';
import { graphAt } from './model';
import { Palette } from './Palette';
import { ProblemsList } from './ProblemsList';
import { RunDialog, RunStrip } from './RunControls';
import { summarizeNode, type NodeRunSummary } from './run-summary';
import { Toolbar } from './Toolbar';
import { useEditorKeys } from './use-editor-keys';
import { startRun } from './workflow-actions';

/** The editor tab of one workflow: palette, canvas, inspector, problems, and the run being watched. */
export function WorkflowEditor({ name }: { name: string }) {
  const projectId = useProjects((s) => s.current?.id ?? null);
  const loaded = useWorkflowBuilder((s) => s.docs[name] !== undefined);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);

  useEffect(() => {
    if (!projectId || loaded) return;
    useWorkflowBuilder
      .getState()
      .open(projectId, name)
      .catch((e: unknown) => setError(describeError(e)));
  }, [projectId, name, loaded]);

  if (error) return <EmptyState title={error.title}>{error.message}</EmptyState>;
  if (!loaded || !projectId) return <EmptyState title="Opening the workflow…" />;
  return (
    <ReactFlowProvider>
      <Builder name={name} projectId={projectId} />
    </ReactFlowProvider>
  );
}

function Builder({ name, projectId }: { name: string; projectId: string }) {
  const doc = useWorkflowBuilder((s) => s.docs[name]!);
  const runNodes = useWorkflowRuns((s) => (doc.runId ? s.details[doc.runId]?.nodes : undefined));
  const flow = useReactFlow<StepNode>();
  const [askInputs, setAskInputs] = useState(false);
  useEditorKeys(name);

  // Problems follow the edits, a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => {
      useWorkflowBuilder
        .getState()
        .validate(projectId, name)
        .catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [doc.revision, projectId, name]);

  // A run attached to the canvas loads its details once.
  useEffect(() => {
    if (doc.runId && !useWorkflowRuns.getState().details[doc.runId]) {
      void useWorkflowRuns.getState().loadDetail(doc.runId).catch(useNotices.getState().error);
    }
  }, [doc.runId]);

  // Every card reads `info`, so it changes only with what the cards show: not with a node's
  // size, position or selection, which change on every frame of a drag and would re-render
  // every card.
  const nodeIds = useMemo(() => JSON.stringify(doc.nodes.map((n) => n.id)), [doc.nodes]);
  const edgeKey = useMemo(
    () => JSON.stringify(doc.edges.map((e) => [e.source, e.target, e.sourceHandle ?? null])),
    [doc.edges],
  );
  const danglingKey = useMemo(
    () => JSON.stringify([...danglingEnds(graphAt(doc.definition, doc.level)).entries()]),
    [doc.definition, doc.level],
  );
  const info = useMemo((): CanvasInfo => {
    let run: Map<string, NodeRunSummary> | null = null;
    if (runNodes) {
      run = new Map();
      for (const id of JSON.parse(nodeIds) as string[]) {
        const summary = summarizeNode(runNodes, doc.level, id);
        if (summary) run.set(id, summary);
      }
    }
    const edges = (JSON.parse(edgeKey) as [string, string, string | null][]).map(([from, to, on]) => ({
      from,
      to,
      on: on ?? undefined,
    }));
    return {
      issues: issuesAtLevel(doc.issues, doc.level),
      dangling: new Map(JSON.parse(danglingKey) as [string, DanglingEnd[]][]),
      run,
      branches: doc.branches,
      edges,
      openBody: (id) => useWorkflowBuilder.getState().enter(name, id),
      approve: (id, approved) => {
        const key = run?.get(id)?.key;
        const runId = useWorkflowBuilder.getState().docs[name]?.runId;
        if (!key || !runId) return;
        useWorkflowRuns.getState().approve(runId, key, approved).catch(useNotices.getState().error);
      },
    };
  }, [nodeIds, edgeKey, danglingKey, doc.issues, doc.level, doc.branches, runNodes, name]);

  const inputs = (doc.definition.inputs ?? {}) as Record<string, { type?: string; default?: unknown }>;
  const run = async (values?: Record<string, unknown>) => {
    if (values === undefined && Object.keys(inputs).length > 0) {
      setAskInputs(true);
      return;
    }
    setAskInputs(false);
    await startRun(projectId, name, values ?? {});
  };

  return (
    <div className="flex h-full flex-col" data-testid="workflow-editor">
      <Toolbar
        name={name}
        projectId={projectId}
        onRun={() => void run()}
        onFit={() => void flow.fitView({ duration: 200, maxZoom: 1.1, padding: 0.2 })}
      />
      {doc.runId && (
        <RunStrip
          runId={doc.runId}
          onRerun={() => void run()}
          onHide={() => useWorkflowBuilder.getState().attachRun(name, null)}
        />
      )}
      <div className="flex min-h-0 flex-1">
        <Palette
          onAdd={(kind) => {
            const box = document.querySelector('[data-testid="workflow-canvas"]')?.getBoundingClientRect();
            const at = box
              ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
              : { x: 0, y: 0 };
            const nodes = useWorkflowBuilder.getState().docs[name]?.nodes ?? [];
            const selected = nodes.filter((n) => n.selected);
            const after = selected.length === 1 ? selected[0]! : null;
            const placed = (n: StepNode): PlacedBox => ({
              id: n.id,
              position: n.position,
              ...(n.measured?.width !== undefined ? { width: n.measured.width } : {}),
              ...(n.measured?.height !== undefined ? { height: n.measured.height } : {}),
            });
            const spot = freeSpot(nodes.map(placed), { x: at.x - 116, y: at.y - 42 }, after ? placed(after) : null);
            useWorkflowBuilder.getState().addNode(name, kind, spot, after?.id ?? null);
            if (!box) return;
            // A step placed beyond the edge of the view is brought into it: the view moves only as
            // far as needed, at the same zoom, so the step it follows usually stays in sight too.
            const topLeft = flow.screenToFlowPosition({ x: box.left, y: box.top });
            const bottomRight = flow.screenToFlowPosition({ x: box.right, y: box.bottom });
            const margin = 24;
            const shift = (start: number, end: number, low: number, high: number) =>
              end + margin > high ? end + margin - high : start - margin < low ? start - margin - low : 0;
            const dx = shift(spot.x, spot.x + DEFAULT_SIZE.width, topLeft.x, bottomRight.x);
            const dy = shift(spot.y, spot.y + DEFAULT_SIZE.height, topLeft.y, bottomRight.y);
            if (dx !== 0 || dy !== 0) {
              const centre = { x: (topLeft.x + bottomRight.x) / 2 + dx, y: (topLeft.y + bottomRight.y) / 2 + dy };
              void flow.setCenter(centre.x, centre.y, { zoom: flow.getZoom(), duration: 200 });
            }
          }}
        />
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="relative min-h-0 flex-1">
            <CanvasContext.Provider value={info}>
              <Canvas name={name} />
            </CanvasContext.Provider>
            {doc.nodes.length === 0 && (
              <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-[13px] text-wb-muted">
                Drag a step from the palette onto the canvas.
              </div>
            )}
          </div>
          <ProblemsList
            issues={doc.issues}
            onShow={(node) => {
              // A problem of the workflow itself: nothing selected shows the workflow's settings.
              if (node === null) return useWorkflowBuilder.getState().focusNode(name, []);
              const path = node.split('/');
              useWorkflowBuilder.getState().focusNode(name, path);
              const id = path.at(-1)!;
              setTimeout(() => void flow.fitView({ nodes: [{ id }], duration: 200, maxZoom: 1.1 }), 0);
            }}
          />
        </div>
        <Inspector name={name} />
      </div>
      {askInputs && (
        <RunDialog inputs={inputs} onStart={(values) => void run(values)} onClose={() => setAskInputs(false)} />
      )}
    </div>
  );
}
