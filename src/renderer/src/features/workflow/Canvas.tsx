import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { useWorkflowBuilder } from './state/workflow-builder';
import { nodeStatusStyle } from './status-style';
import { StepNodeCard } from './StepNodeCard';
import { NODE_DRAG_TYPE } from './Palette';
import { useCanvasInfo } from './canvas-context';
import type { StepNode } from './flow';
import { useDarkClass as useDark } from '../../components/use-dark-class';
import './workflow.css';

/** Steps above which the canvas renders only what is in view. */
const LARGE_GRAPH = 200;

const nodeTypes: NodeTypes = { step: StepNodeCard };

/** The React Flow pane of one workflow: drop target for the palette, handles to connect, minimap. */
export function Canvas({ name }: { name: string }) {
  const doc = useWorkflowBuilder((s) => s.docs[name]);
  const store = useWorkflowBuilder.getState;
  const flow = useReactFlow<StepNode>();
  const info = useCanvasInfo();
  const dark = useDark();
  // Fit a workflow that has steps when it opens; an empty one keeps the plain 1:1 view, so
  // steps land where they are dropped and the view does not jump when the first one arrives.
  const fitOnOpen = useRef((useWorkflowBuilder.getState().docs[name]?.nodes.length ?? 0) > 0);
  const measured = useNodesInitialized();
  useEffect(() => {
    // Once every step has its size: fitting earlier frames only the steps measured so far.
    if (!fitOnOpen.current || !measured) return;
    fitOnOpen.current = false;
    void flow.fitView({ maxZoom: 1.1, padding: 0.2 });
  }, [measured, flow]);
  const level = doc?.level.join('/');
  const firstLevel = useRef(level);
  useEffect(() => {
    if (level === firstLevel.current) return;
    firstLevel.current = level;
    // Entering or leaving a body shows all of it.
    const timer = setTimeout(() => void flow.fitView({ maxZoom: 1.1, padding: 0.2, duration: 150 }), 50);
    return () => clearTimeout(timer);
  }, [level, flow]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!kind) return;
      e.preventDefault();
      e.stopPropagation();
      // The drop point is where the card's top-left lands, nudged so the pointer sits inside it.
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store().addNode(name, kind, { x: at.x - 40, y: at.y - 20 });
    },
    [flow, name, store],
  );

  // Edges into a running step move, so a glance shows where the run is.
  const edges = useMemo(
    () =>
      doc?.edges.map((e) => {
        const animated = info.run?.get(e.target)?.status === 'running';
        return animated === (e.animated ?? false) ? e : { ...e, animated };
      }) ?? [],
    [doc?.edges, info.run],
  );

  if (!doc) return null;
  return (
    <div className="h-full w-full" onDragOver={onDragOver} onDrop={onDrop} data-testid="workflow-canvas">
      <ReactFlow<StepNode>
        nodes={doc.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={(changes) => store().nodesChanged(name, changes)}
        onEdgesChange={(changes) => store().edgesChanged(name, changes)}
        onConnect={(c) => store().connect(name, c)}
        onNodeDragStart={() => store().dragStarted(name)}
        onNodeDoubleClick={(_, node) => {
          if (node.data.def.body) info.openBody(node.id);
        }}
        colorMode={dark ? 'dark' : 'light'}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        selectionOnDrag={false}
        minZoom={0.2}
        maxZoom={2}
        // A large graph mounts only the steps in view (React Flow's own culling); for small ones
        // the bookkeeping of what is visible costs more than it saves.
        onlyRenderVisibleElements={doc.nodes.length > LARGE_GRAPH}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ interactionWidth: 16 }}
        style={{ background: 'var(--wb-bg)' }}
        ariaLabelConfig={{
          'node.a11yDescription.default': 'Press Enter to select; arrow keys move the selected steps.',
        }}
      >
        <Background gap={20} size={1} />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Minimap"
          nodeColor={(n) => {
            const run = info.run?.get(n.id);
            return run ? nodeStatusStyle[run.status].fill : dark ? '#555' : '#ccc';
          }}
          style={{ background: 'var(--wb-side)' }}
        />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
