import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import { copySelection, pasteClip, type Clip } from '../clipboard';
import { flowEdge, fromFlow, toFlow, type StepEdge, type StepNode } from '../flow';
import { currentOf, docFor, selectedIds, type BuilderDoc, type Snapshot } from './workflow-builder-doc';
import { record, redo, undo, type History } from '../history';
import { layoutGraph } from '../layout';
import {
  allIds,
  graphAt,
  normalize,
  renameNode,
  uniqueId,
  withGraphAt,
  type LooseDefinition,
  type LooseGraph,
  type LooseNode,
} from '../model';
import { hasBranches, newNode } from '../node-kinds';
import { api } from '../../../lib/api';

interface BuilderState {
  docs: Record<string, BuilderDoc>;
  clip: Clip | null;
  /** Runs to show once their workflow is open (a run chosen in the Runs panel). */
  pendingRuns: Record<string, string>;
  open(projectId: string, name: string): Promise<void>;
  close(name: string): void;
  reset(): void;
  /** The definition as it would be saved now. */
  current(name: string): LooseDefinition;
  nodesChanged(name: string, changes: NodeChange<StepNode>[]): void;
  edgesChanged(name: string, changes: EdgeChange<StepEdge>[]): void;
  dragStarted(name: string): void;
  connect(name: string, connection: Connection): void;
  /** `after`: a step to connect the new one after (on success, or a condition's `true`). */
  addNode(name: string, kind: string, position: { x: number; y: number }, after?: string | null): string;
  /** False when a rename was refused (id taken or empty). */
  updateNode(name: string, id: string, patch: Record<string, unknown>): boolean;
  addBranch(name: string, id: string, label: string): void;
  updateEdge(name: string, edgeId: string, on: string): void;
  updateWorkflow(name: string, patch: Record<string, unknown>): void;
  deleteSelection(name: string): void;
  copy(name: string): boolean;
  cut(name: string): void;
  paste(name: string): void;
  selectAll(name: string): void;
  undo(name: string): void;
  redo(name: string): void;
  layout(name: string): void;
  enter(name: string, containerId: string): void;
  /** Shows the level a node (id path) is on and selects it. */
  focusNode(name: string, path: readonly string[]): void;
  exit(name: string, depth: number): void;
  replace(name: string, definition: LooseDefinition): void;
  /** Writes the file; `force` overwrites it even when it changed on disk since it was read. */
  save(projectId: string, name: string, force?: boolean): Promise<void>;
  validate(projectId: string, name: string): Promise<void>;
  attachRun(name: string, runId: string | null): void;
}

export const useWorkflowBuilder = create<BuilderState>((set, get) => {
  const doc = (name: string): BuilderDoc => {
    const d = get().docs[name];
    if (!d) throw new Error(`workflow ${name} is not open`);
    return d;
  };
  const put = (name: string, patch: Partial<BuilderDoc>) => {
    const d = get().docs[name];
    if (d) set({ docs: { ...get().docs, [name]: { ...d, ...patch } } });
  };
  /** Puts a changed definition (or graph at the level) on the canvas, remembering the step for undo. */
  const commit = (name: string, next: { definition?: LooseDefinition; graph?: LooseGraph }, key: string | null) => {
    const d = doc(name);
    const before = currentOf(d);
    let definition = next.definition ?? before;
    if (next.graph) definition = withGraphAt(definition, d.level, next.graph);
    const flow = toFlow(graphAt(definition, d.level), d.nodes);
    const json = JSON.stringify(definition);
    put(name, {
      definition,
      ...flow,
      history: record(d.history, { definition: before, level: d.level }, key),
      revision: d.revision + 1,
      dirty: json !== d.saved,
    });
  };
  /** After React Flow changed nodes or edges directly: recompute the definition and dirty flag. */
  const touched = (name: string) => {
    const d = doc(name);
    const definition = currentOf(d);
    put(name, { definition, revision: d.revision + 1, dirty: JSON.stringify(definition) !== d.saved });
  };
  const restore = (name: string, state: Snapshot, history: History<Snapshot>) => {
    const d = doc(name);
    put(name, {
      definition: state.definition,
      level: state.level,
      ...toFlow(graphAt(state.definition, state.level), d.nodes),
      history,
      revision: d.revision + 1,
      dirty: JSON.stringify(state.definition) !== d.saved,
    });
  };

  return {
    docs: {},
    clip: null,
    pendingRuns: {},
    async open(projectId, name) {
      if (get().docs[name]) return;
      const file = await api.workflow.get({ projectId, name });
      const definition = normalize(file.definition);
      const d = docFor(name, definition, JSON.stringify(definition), file.mtimeMs);
      const { [name]: runId, ...pendingRuns } = get().pendingRuns;
      set({ docs: { ...get().docs, [name]: { ...d, issues: file.issues, runId: runId ?? null } }, pendingRuns });
    },
    close(name) {
      const { [name]: _closed, ...rest } = get().docs;
      set({ docs: rest });
    },
    reset() {
      set({ docs: {}, pendingRuns: {} });
    },
    current: (name) => currentOf(doc(name)),
    nodesChanged(name, changes) {
      const d = doc(name);
      const removing = changes.some((c) => c.type === 'remove');
      if (removing) {
        // Deleting goes through deleteSelection so it is one undo step with its edges.
        const ids = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
        const graph = currentOf(d);
        const level = graphAt(graph, d.level);
        commit(
          name,
          {
            graph: {
              nodes: level.nodes.filter((n) => !ids.has(n.id)),
              edges: level.edges.filter((e) => !ids.has(e.from) && !ids.has(e.to)),
            },
          },
          null,
        );
        return;
      }
      put(name, { nodes: applyNodeChanges(changes, d.nodes) });
      if (changes.some((c) => c.type === 'position' && c.dragging === false)) touched(name);
      if (d.needsLayout && d.nodes.length > 0 && get().docs[name]!.nodes.every((n) => n.measured?.width)) {
        put(name, { needsLayout: false });
        get().layout(name);
        // The first layout of a file without positions is not an edit to undo.
        const after = doc(name);
        put(name, { history: d.history });
        if (after.saved !== null) put(name, { dirty: false, saved: JSON.stringify(after.definition) });
      }
    },
    edgesChanged(name, changes) {
      const d = doc(name);
      if (changes.some((c) => c.type === 'remove')) {
        const before = currentOf(d);
        const edges = applyEdgeChanges(changes, d.edges);
        put(name, { edges, history: record(d.history, { definition: before, level: d.level }) });
        touched(name);
        return;
      }
      put(name, { edges: applyEdgeChanges(changes, d.edges) });
    },
    dragStarted(name) {
      const d = doc(name);
      put(name, { history: record(d.history, { definition: currentOf(d), level: d.level }) });
    },
    connect(name, c) {
      const d = doc(name);
      if (!c.source || !c.target || c.source === c.target) return;
      const on = c.sourceHandle && c.sourceHandle !== 'success' ? c.sourceHandle : undefined;
      const edge = flowEdge({ from: c.source, to: c.target, ...(on ? { on } : {}) });
      if (d.edges.some((e) => e.id === edge.id)) return;
      const graph = currentOf(d);
      const level = graphAt(graph, d.level);
      commit(
        name,
        { graph: { ...level, edges: [...level.edges, { from: c.source, to: c.target, ...(on ? { on } : {}) }] } },
        null,
      );
    },
    addNode(name, kind, position, after) {
      const d = doc(name);
      const definition = currentOf(d);
      const id = uniqueId(kind, allIds(definition));
      const level = graphAt(definition, d.level);
      const from = after ? level.nodes.find((n) => n.id === after) : undefined;
      const edges = from
        ? [...level.edges, { from: from.id, to: id, ...(hasBranches(from.kind) ? { on: 'true' } : {}) }]
        : level.edges;
      commit(name, { graph: { ...level, nodes: [...level.nodes, newNode(kind, id, position)], edges } }, null);
      // The new node is the one selected, so the inspector shows it.
      put(name, { nodes: doc(name).nodes.map((n) => ({ ...n, selected: n.id === id })) });
      return id;
    },
    updateNode(name, id, patch) {
      const d = doc(name);
      const definition = currentOf(d);
      let level = graphAt(definition, d.level);
      const nextId = typeof patch.id === 'string' ? patch.id : id;
      if (nextId !== id) {
        if (nextId === '' || allIds(definition).has(nextId)) return false;
        level = renameNode(level, id, nextId);
      }
      const nodes = level.nodes.map((n): LooseNode => {
        if (n.id !== nextId) return n;
        const out: LooseNode = { ...n };
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined) delete out[k];
          else out[k] = v;
        }
        return out;
      });
      commit(name, { graph: { ...level, nodes } }, `node:${id}:${Object.keys(patch).join(',')}`);
      if (nextId !== id) put(name, { nodes: doc(name).nodes.map((n) => ({ ...n, selected: n.id === nextId })) });
      return true;
    },
    addBranch(name, id, label) {
      const d = doc(name);
      const list = d.branches[id] ?? [];
      if (!list.includes(label)) put(name, { branches: { ...d.branches, [id]: [...list, label] } });
    },
    updateEdge(name, edgeId, on) {
      const d = doc(name);
      const target = d.edges.find((e) => e.id === edgeId);
      if (!target) return;
      const edges = d.edges.map((e) => (e.id === edgeId ? { ...e, sourceHandle: on } : e));
      const graph = fromFlow(d.nodes, edges, graphAt(d.definition, d.level));
      commit(name, { graph }, null);
    },
    updateWorkflow(name, patch) {
      const definition: LooseDefinition = { ...currentOf(doc(name)) };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete definition[k];
        else definition[k] = v;
      }
      commit(name, { definition }, `workflow:${Object.keys(patch).join(',')}`);
    },
    deleteSelection(name) {
      const d = doc(name);
      const ids = selectedIds(d);
      const edgeIds = new Set(d.edges.filter((e) => e.selected).map((e) => e.id));
      if (ids.size === 0 && edgeIds.size === 0) return;
      const nodes = d.nodes.filter((n) => !ids.has(n.id));
      const edges = d.edges.filter((e) => !edgeIds.has(e.id) && !ids.has(e.source) && !ids.has(e.target));
      commit(name, { graph: fromFlow(nodes, edges, graphAt(d.definition, d.level)) }, null);
    },
    copy(name) {
      const d = doc(name);
      const clip = copySelection(graphAt(currentOf(d), d.level), selectedIds(d));
      if (clip) set({ clip });
      return clip !== null;
    },
    cut(name) {
      if (get().copy(name)) get().deleteSelection(name);
    },
    paste(name) {
      const clip = get().clip;
      if (!clip) return;
      const d = doc(name);
      const definition = currentOf(d);
      const { graph, pasted } = pasteClip(graphAt(definition, d.level), clip, allIds(definition), { x: 40, y: 40 });
      commit(name, { graph }, null);
      const chosen = new Set(pasted);
      put(name, { nodes: doc(name).nodes.map((n) => ({ ...n, selected: chosen.has(n.id) })) });
    },
    selectAll(name) {
      const d = doc(name);
      put(name, { nodes: d.nodes.map((n) => ({ ...n, selected: true })) });
    },
    undo(name) {
      const d = doc(name);
      const step = undo(d.history, { definition: currentOf(d), level: d.level });
      if (step) restore(name, step.state, step.history);
    },
    redo(name) {
      const d = doc(name);
      const step = redo(d.history, { definition: currentOf(d), level: d.level });
      if (step) restore(name, step.state, step.history);
    },
    layout(name) {
      const d = doc(name);
      const positions = layoutGraph(
        d.nodes.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })),
        d.edges,
      );
      const level = graphAt(currentOf(d), d.level);
      const nodes = level.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position }));
      commit(name, { graph: { ...level, nodes } }, null);
    },
    enter(name, containerId) {
      const d = doc(name);
      const definition = currentOf(d);
      const level = [...d.level, containerId];
      const graph = graphAt(definition, level);
      put(name, { definition, level, ...toFlow(graph), needsLayout: graph.nodes.some((n) => !n.position) });
    },
    focusNode(name, path) {
      const d = doc(name);
      const definition = currentOf(d);
      const level = path.slice(0, -1);
      const target = path.at(-1);
      const same = level.length === d.level.length && level.every((l, i) => l === d.level[i]);
      const flow = same ? { nodes: d.nodes, edges: d.edges } : toFlow(graphAt(definition, level));
      put(name, {
        definition,
        level,
        edges: flow.edges,
        nodes: flow.nodes.map((n) => ({ ...n, selected: n.id === target })),
      });
    },
    exit(name, depth) {
      const d = doc(name);
      const definition = currentOf(d);
      const level = d.level.slice(0, depth);
      put(name, { definition, level, ...toFlow(graphAt(definition, level)), needsLayout: false });
    },
    replace(name, definition) {
      const d = doc(name);
      const before = currentOf(d);
      put(name, {
        definition,
        level: [],
        ...toFlow(definition),
        history: record(d.history, { definition: before, level: d.level }),
        revision: d.revision + 1,
        dirty: JSON.stringify(definition) !== d.saved,
        needsLayout: definition.nodes.some((n) => !n.position),
      });
    },
    async save(projectId, name, force = false) {
      const d = doc(name);
      const definition = currentOf(d);
      const result = await api.workflow.save({
        projectId,
        name,
        definition,
        ...(d.mtimeMs === null ? { create: true } : force ? {} : { expectedMtimeMs: d.mtimeMs }),
      });
      const json = JSON.stringify(definition);
      const now = doc(name);
      put(name, {
        saved: json,
        dirty: JSON.stringify(currentOf(now)) !== json,
        mtimeMs: result.mtimeMs,
        issues: result.issues,
      });
    },
    async validate(projectId, name) {
      const d = doc(name);
      const revision = d.revision;
      const { issues } = await api.workflow.validate({ projectId, name, definition: currentOf(d) });
      // A newer edit will validate again; do not show problems of an older version.
      if (get().docs[name]?.revision === revision) put(name, { issues });
    },
    attachRun(name, runId) {
      if (get().docs[name]) put(name, { runId });
      else if (runId) set({ pendingRuns: { ...get().pendingRuns, [name]: runId } });
    },
  };
});

export type { BuilderDoc } from './workflow-builder-doc';
