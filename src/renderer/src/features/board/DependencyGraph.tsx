// The dependency graph brings React Flow and dagre, so the board loads it (React.lazy) only when shown.
import { Graph, layout } from '@dagrejs/dagre';
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { Task } from '../../../../shared/domain/tasks';
import { EmptyState } from '../../components/ui/EmptyState';
import { useDarkClass } from '../../components/use-dark-class';
import { stateLabels, stateTones } from './columns';
import { useBoard } from './state/board';
import { toneText } from './ui';

const SIZE = { width: 220, height: 56 };

/** Left-to-right layers: a task one layer right of what it depends on. */
function place(tasks: readonly Task[]): Map<string, { x: number; y: number }> {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of tasks) g.setNode(t.id, { ...SIZE });
  for (const t of tasks) for (const dep of t.dependsOn) if (g.hasNode(dep)) g.setEdge(dep, t.id);
  layout(g);
  return new Map(tasks.map((t) => [t.id, { x: g.node(t.id).x - SIZE.width / 2, y: g.node(t.id).y - SIZE.height / 2 }]));
}

/** Which task waits for which, laid out by dagre; clicking a task opens its detail. */
export function DependencyGraph() {
  const tasks = useBoard((s) => s.tasks);
  const dark = useDarkClass();
  const { nodes, edges } = useMemo(() => {
    const list = Object.values(tasks).filter((t) => t.state !== 'cancelled');
    const at = place(list);
    const nodes: Node[] = list.map((t) => ({
      id: t.id,
      position: at.get(t.id)!,
      connectable: false,
      // Dependencies flow left to right, as dagre lays them out.
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      data: {
        label: (
          <div className="text-left text-[12px]">
            <div className="truncate font-medium">{t.title}</div>
            <div className={`text-[11px] ${toneText[stateTones[t.state]]}`}>{stateLabels[t.state]}</div>
          </div>
        ),
      },
      style: { width: SIZE.width, background: 'var(--wb-bg)', color: 'var(--wb-fg)', borderColor: 'var(--wb-border)' },
    }));
    const edges: Edge[] = list.flatMap((t) =>
      t.dependsOn
        .filter((dep) => at.has(dep))
        .map((dep) => ({
          id: `${dep}->${t.id}`,
          source: dep,
          target: t.id,
          markerEnd: { type: MarkerType.ArrowClosed },
          animated: tasks[dep]?.state !== 'done' && t.state === 'blocked',
        })),
    );
    return { nodes, edges };
  }, [tasks]);

  if (nodes.length === 0)
    return <EmptyState title="No tasks yet">Tasks and the dependencies between them show here as a graph.</EmptyState>;
  return (
    <div className="min-h-0 flex-1" data-testid="dependency-graph" aria-label="Dependency graph" role="figure">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        colorMode={dark ? 'dark' : 'light'}
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_, node) => useBoard.getState().select(node.id)}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
