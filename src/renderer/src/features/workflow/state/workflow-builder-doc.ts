import type { ValidationIssueView } from '../../../../../shared/domain/workflow';
import { fromFlow, toFlow, type StepEdge, type StepNode } from '../flow';
import { emptyHistory, type History } from '../history';
import { graphAt, withGraphAt, type LooseDefinition } from '../model';

/** What undo restores: the whole workflow and the level shown. */
export interface Snapshot {
  readonly definition: LooseDefinition;
  readonly level: readonly string[];
}

/** One workflow open in the builder. */
export interface BuilderDoc {
  readonly name: string;
  /** The whole workflow; the graph of `level` is being edited in `nodes`/`edges` and written back on change. */
  definition: LooseDefinition;
  /** Container ids from the top to the graph on the canvas ([] is the top). */
  level: readonly string[];
  nodes: StepNode[];
  edges: StepEdge[];
  /** Branch labels added to condition nodes but not connected yet (not saved: edges carry them). */
  branches: Record<string, string[]>;
  /** The JSON last saved (or read), to tell whether there are unsaved changes; null for a new file. */
  saved: string | null;
  dirty: boolean;
  mtimeMs: number | null;
  issues: ValidationIssueView[];
  /** Bumped by every change to the definition, so validation can follow. */
  revision: number;
  history: History<Snapshot>;
  /** The run whose states the canvas shows. */
  runId: string | null;
  /** Nodes had no positions: lay out once they are measured. */
  needsLayout: boolean;
}

export const selectedIds = (doc: BuilderDoc) => new Set(doc.nodes.filter((n) => n.selected).map((n) => n.id));

/** The doc's definition with the canvas's graph written back. */
export function currentOf(doc: BuilderDoc): LooseDefinition {
  const original = graphAt(doc.definition, doc.level);
  return withGraphAt(doc.definition, doc.level, fromFlow(doc.nodes, doc.edges, original));
}

/** A freshly opened workflow. */
export function docFor(
  name: string,
  definition: LooseDefinition,
  saved: string | null,
  mtimeMs: number | null,
): BuilderDoc {
  const flow = toFlow(definition);
  return {
    name,
    definition,
    level: [],
    ...flow,
    branches: {},
    saved,
    dirty: saved === null,
    mtimeMs,
    issues: [],
    revision: 0,
    history: emptyHistory(),
    runId: null,
    needsLayout: definition.nodes.some((n) => !n.position),
  };
}
