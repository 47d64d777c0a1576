import type { Confinement } from '../terminal/confinement';
import type { ToolDeclaration } from './core/tool-declaration';
// The seam between MCP (built-in and external servers) and the agent loop: the loop sees tools,
// asks the approval policy about each call, then calls through here.

/** A JSON Schema object, passed to the model untouched. */
export type JsonSchema = Record<string, unknown>;

/** One tool as an agent run sees it. */
export interface AgentTool {
  /** As the model sees it: `<server>__<tool>` (fits every provider's `^[a-zA-Z0-9_-]{1,64}$`). */
  readonly name: string;
  /** `files`, `git`, `shell`, `search`, or an external server's name. */
  readonly server: string;
  /** The server's own name for the tool. */
  readonly tool: string;
  readonly builtIn: boolean;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  /** MCP tool annotations as the server declared them. */
  readonly readOnly: boolean;
  readonly destructive: boolean;
  /** May reach the network (`openWorldHint`); the policy asks before such calls. */
  readonly openWorld: boolean;
  /**
   * What a built-in tool declares about itself (its kind, its path and command arguments): the
   * policy and the approval card read it. Absent for external tools, whose claims are not trusted.
   */
  readonly declaration?: ToolDeclaration;
}

/** What a tool answered, as text for the model. */
export interface ToolOutcome {
  readonly text: string;
  readonly isError: boolean;
}

/** The tools one run may use, bound to its root (the run's worktree). */
export interface ToolSet {
  readonly tools: readonly AgentTool[];
  /** Calls a tool by its model-facing name. Never throws for tool failures: they come back as `isError`. */
  call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
  /** Closes in-process clients; external servers stay up for other runs. */
  close(): Promise<void>;
}

/** How the built-in shell server runs a command (in the app: a visible read-only terminal tab). */
export interface ShellExecutor {
  run(input: {
    readonly command: string;
    /** Absolute, already checked to lie inside the root. */
    readonly cwd: string;
    readonly timeoutMs: number;
    readonly signal: AbortSignal;
  }): Promise<{
    readonly exitCode: number | null;
    readonly signal: string | null;
    readonly timedOut: boolean;
    /** stdout and stderr, capped with a marker in the middle. */
    readonly output: string;
  }>;
}

/** What a run asks of the MCP layer. */
export interface ToolSetRequest {
  readonly projectId: string;
  /** Every built-in file, git, shell and search tool works inside this directory. */
  readonly root: string;
  readonly shell: ShellExecutor;
  readonly signal?: AbortSignal;
  /** The run's sandbox: stdio servers the run starts are confined in it, as its commands are. */
  readonly confinement?: Confinement;
}

/** Something that can open a tool set for a run (McpService in the app, a fixture in tests). */
export interface ToolSetFactory {
  open(request: ToolSetRequest): Promise<ToolSet>;
}
