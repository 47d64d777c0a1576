import type { z } from 'zod';
import type { ValueScope } from '../scope';

// What a step kind declares about itself, in one place per kind (as n8n's `*.node.ts`): its file
// format, what a new node of it holds, its form, its palette entry and what its templates read.
// The registry in ./index.ts lists the kinds; tables elsewhere (executors in the main process,
// icons in the renderer) are typed `satisfies Record<NodeKind, …>`, so a kind missing from one
// fails the type check.

export type FieldType =
  | 'id'
  | 'text'
  | 'textarea'
  | 'template'
  | 'expression'
  | 'number'
  | 'select'
  | 'boolean'
  | 'json'
  | 'model'
  | 'command'
  | 'retries';

/** One row of the inspector's form. */
export interface Field {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly help?: string;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly placeholder?: string;
  /** A monospace editor (commands, JSON, expressions). */
  readonly mono?: boolean;
}

/** How the builder's palette offers the kind and how its nodes look. */
export interface PaletteEntry {
  readonly title: string;
  readonly summary: string;
  /** Tailwind classes for the accent strip and icon. */
  readonly accent: string;
  /** Place in the palette, smallest first. */
  readonly order: number;
}

/** A part of a node that holds templates (or an expression), checked by the validator. */
export interface TemplateRead {
  readonly field: string;
  readonly value: unknown;
  /** An expression (condition, loop test) rather than a `{{…}}` template. */
  readonly expression: boolean;
  /** Read inside the node's body scope (a map's `item`/`index`, a loop's `loop`). */
  readonly inner: boolean;
}

/** What the validator checks names against. A list left out is not checked. */
export interface ValidationContext {
  /** Tool names as agents see them (`<server>__<tool>`). */
  readonly tools?: readonly string[] | null;
  /** Provider id → its model names (null: the provider takes any model name). */
  readonly models?: ReadonlyMap<string, readonly string[] | null> | null;
  /** Workflow names that a `workflow` node may call. */
  readonly workflows?: readonly string[] | null;
  /** The workflow's own name, so it cannot call itself. */
  readonly self?: string;
}

/** Quotes a value inserted into a shell command string; `before` is the text up to it. */
export type ShellQuote = (text: string, before: string) => string;

type Node<S extends z.ZodObject> = z.infer<S>;

/** What every kind declares. */
export interface KindSpec<K extends string, S extends z.ZodObject> {
  readonly kind: K;
  /** The node's shape in `.weft/workflows/*.json` (a container's `body` is added by schema.ts). */
  readonly schema: S;
  readonly palette: PaletteEntry;
  /** What a new node holds besides id, kind, label and position. */
  readonly defaults: Omit<z.input<S>, 'id' | 'kind'>;
  /** Fields a new node leaves for the author to choose (a tool, a workflow): the canvas marks them. */
  readonly unfilled?: readonly string[];
  /** The inspector's rows for this kind (the common and advanced rows are added around them). */
  readonly fields: readonly Field[];
  /** Where the node's templates and expressions are, so references are checked before a run. */
  reads(node: Node<S>): readonly TemplateRead[];
  /** Checks beyond the schema, against the project (models, tools, workflows). */
  check?(node: Node<S>, context: ValidationContext, report: (field: string, message: string) => void): void;
}

/** A kind whose work an executor in the main process does; it may be retried. */
export interface ExecutorKindSpec<K extends string, S extends z.ZodObject, I> extends KindSpec<K, S> {
  /** Fills in the node's templates: what its executor is given. Throws TemplateError. */
  resolve(node: Node<S>, scope: ValueScope, quote: ShellQuote): I;
}

export interface ExecutorKind<
  K extends string = string,
  S extends z.ZodObject = z.ZodObject,
  I = unknown,
> extends ExecutorKindSpec<K, S, I> {
  readonly runs: 'executor';
  readonly container: false;
  readonly branches: false;
}

/** A kind the engine runs itself: control flow (conditions, approvals, containers, calls). */
export interface EngineKindSpec<K extends string, S extends z.ZodObject, C extends boolean> extends KindSpec<K, S> {
  /** Holds a `body` graph (map, loop). */
  readonly container?: C;
  /** Its outgoing edges carry branch labels instead of success/failure (condition). */
  readonly branches?: boolean;
}

export interface EngineKind<
  K extends string = string,
  S extends z.ZodObject = z.ZodObject,
  C extends boolean = boolean,
> extends EngineKindSpec<K, S, C> {
  readonly runs: 'engine';
  readonly container: C;
  readonly branches: boolean;
}

export type StepKind = ExecutorKind | EngineKind;

export function executorKind<K extends string, S extends z.ZodObject, I>(
  spec: ExecutorKindSpec<K, S, I>,
): ExecutorKind<K, S, I> {
  return { ...spec, runs: 'executor', container: false, branches: false };
}

export function engineKind<K extends string, S extends z.ZodObject, C extends boolean = false>(
  spec: EngineKindSpec<K, S, C>,
): EngineKind<K, S, C> {
  return { ...spec, runs: 'engine', container: spec.container ?? (false as C), branches: spec.branches ?? false };
}
