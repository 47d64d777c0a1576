import type { JsonValue, LeafKind, StepInput, WorkflowDefinition } from '../../../shared/workflow/schema';
import type { NodeErrorData, WorkflowEventBody } from '../../../shared/workflow/run';

/** What a step is given once its templates are filled in (declared by its kind, src/shared/workflow/kinds). */
export type ResolvedInput<K extends LeafKind = LeafKind> = StepInput<K>;

/** What an executor gets besides its input. */
export interface ExecutionContext {
  readonly runId: string;
  readonly projectId: string;
  /** The node's key in the run (`plan`, `each/3/impl`). */
  readonly node: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** The run's worktree, shared by its steps. */
  readonly root: string;
  /** Aborted on cancel and on the node's timeout; executors pass it to processes, model calls and tools. */
  readonly signal: AbortSignal;
  /** Appends to the node's log in the journal (capped per node). */
  log(text: string, stream?: 'stdout' | 'stderr' | 'info'): void;
}

/** What a step produced. */
export interface NodeResult {
  /** JSON only: it is journaled and read by later templates. */
  readonly output: JsonValue;
  readonly metrics?: { inputTokens?: number; outputTokens?: number; costUsd?: number | null };
}

/**
 * Runs one kind of step. The engine calls executors in-process today; because everything a
 * step needs arrives as data (input, context) and leaves as data (result or thrown failure),
 * the same interface can later put steps on a queue (BullMQ on Redis) for workers to run,
 * without the scheduler changing.
 */
export interface NodeExecutor<K extends LeafKind = LeafKind> {
  execute(input: ResolvedInput<K>, context: ExecutionContext): Promise<NodeResult>;
}

/** An executor per step kind; a kind without one fails its nodes with `unsupported`. */
export type ExecutorTable = { readonly [K in LeafKind]?: NodeExecutor<K> };

/** A failure an executor reports on purpose. */
export class NodeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** False for failures another try cannot fix (bad input, refused by policy). */
    readonly retryable = true,
    /** What the failed attempt still used (an agent run that stopped, a model answer that was not JSON). */
    readonly metrics?: NodeResult['metrics'],
  ) {
    super(message);
    this.name = 'NodeFailure';
  }

  toData(): NodeErrorData {
    return { code: this.code, message: this.message };
  }
}

/** How an earlier attempt of the run settled a node, reused by resume instead of running it again. */
export type PriorOutcome =
  | { readonly status: 'completed'; readonly output: unknown; readonly branch?: string }
  | { readonly status: 'failed'; readonly error: NodeErrorData };

/** What the engine needs from its host. */
export interface EngineDeps {
  readonly executors: ExecutorTable;
  /** A validated definition of another workflow of the project, for `workflow` nodes. */
  readonly loadWorkflow: (name: string) => Promise<WorkflowDefinition>;
  /** Appends to the run's journal; called synchronously, in order. */
  readonly emit: (event: WorkflowEventBody) => void;
  readonly now?: () => number;
  /** Waits, or rejects when the signal aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** In [0, 1), for backoff jitter. */
  readonly random?: () => number;
  /** Quotes a value inserted into a shell command string (POSIX single quotes by default). */
  readonly shellQuote?: (text: string, before: string) => string;
}

/** One run to execute. */
export interface RunSpec {
  readonly runId: string;
  readonly projectId: string;
  readonly definition: WorkflowDefinition;
  readonly inputs: Readonly<Record<string, JsonValue>>;
  /** The run's worktree. */
  readonly root: string;
  readonly attempt: number;
  readonly mode: 'start' | 'resume' | 'retry';
  readonly fromNode?: string;
  readonly invalidated?: readonly string[];
  /** Outcomes to reuse, by node key. */
  readonly prior?: ReadonlyMap<string, PriorOutcome>;
}

/** How a run ended. */
export type RunOutcome =
  | { readonly status: 'completed'; readonly outputs: Record<string, unknown> }
  | { readonly status: 'failed'; readonly error: NodeErrorData; readonly node?: string }
  | { readonly status: 'cancelled' | 'interrupted' };
