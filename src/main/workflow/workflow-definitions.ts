import { WeftError } from '../../shared/ipc/errors';
import type { WorkflowDefinition } from '../../shared/workflow/schema';
import { describeIssue } from '../../shared/workflow/issue-words';
import { validateWorkflow, type ValidationContext, type ValidationIssue } from '../../shared/workflow/validate';
import { WorkflowFiles } from './workflow-files';

/** A workflow file as the list shows it. */
export interface WorkflowSummary {
  readonly name: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly issues: readonly ValidationIssue[];
}

/** What the definitions need: where projects are, and what names exist to check against. */
export interface DefinitionDeps {
  readonly projectRoot: (projectId: string) => string;
  readonly knownModels?: () => ReadonlyMap<string, readonly string[] | null>;
  readonly knownTools?: (projectId: string) => Promise<readonly string[] | null>;
}

/** `workflow_invalid` with the first issues in words. */
export function invalid(name: string, issues: readonly ValidationIssue[]): WeftError {
  const shown = issues
    .slice(0, 3)
    .map((i) => describeIssue(i))
    .join(' ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new WeftError('workflow_invalid', `The workflow "${name}" cannot run: ${shown}${more}`);
}

/** A project's workflow files, validated against its tools, models and other workflows. */
export class WorkflowDefinitions {
  private readonly files = new WorkflowFiles();

  constructor(private readonly deps: DefinitionDeps) {}

  /** The names a definition is checked against, for a project. */
  async context(projectId: string, self?: string): Promise<ValidationContext> {
    const root = this.deps.projectRoot(projectId);
    return {
      workflows: await this.files.list(root),
      tools: (await this.deps.knownTools?.(projectId)) ?? null,
      models: this.deps.knownModels?.() ?? null,
      ...(self !== undefined ? { self } : {}),
    };
  }

  /** The workflows in the project's `.weft/workflows`, each with its validation issues. */
  async list(projectId: string): Promise<WorkflowSummary[]> {
    const root = this.deps.projectRoot(projectId);
    const context = await this.context(projectId);
    const out: WorkflowSummary[] = [];
    for (const name of context.workflows ?? []) {
      try {
        const raw = await this.files.read(root, name);
        const { definition, issues } = validateWorkflow(raw, { ...context, self: name });
        out.push({ name, title: definition?.name ?? null, description: definition?.description ?? null, issues });
      } catch (error) {
        if (!(error instanceof WeftError)) throw error;
        out.push({
          name,
          title: null,
          description: null,
          issues: [{ node: null, field: null, message: error.message }],
        });
      }
    }
    return out;
  }

  /** A workflow file's JSON value and its issues. */
  async read(projectId: string, name: string): Promise<{ definition: unknown; issues: readonly ValidationIssue[] }> {
    const raw = await this.files.read(this.deps.projectRoot(projectId), name);
    return { definition: raw, issues: validateWorkflow(raw, await this.context(projectId, name)).issues };
  }

  /** Checks a definition (e.g. the canvas's unsaved state) against the project's tools, models and workflows. */
  async validate(projectId: string, raw: unknown, name?: string): Promise<readonly ValidationIssue[]> {
    return validateWorkflow(raw, await this.context(projectId, name)).issues;
  }

  /**
   * Saves a workflow file. A definition with the right shape is saved even with issues (a
   * workflow in progress), and its issues are returned; one that is not a workflow is refused.
   */
  async save(projectId: string, name: string, raw: unknown): Promise<readonly ValidationIssue[]> {
    const { definition, issues } = validateWorkflow(raw, await this.context(projectId, name));
    if (!definition) throw invalid(name, issues);
    await this.files.write(this.deps.projectRoot(projectId), name, raw);
    return issues;
  }

  /** A valid definition, for runs and `workflow` steps. */
  async loadValid(projectId: string, name: string): Promise<WorkflowDefinition> {
    const raw = await this.files.read(this.deps.projectRoot(projectId), name);
    const { definition, issues } = validateWorkflow(raw, await this.context(projectId, name));
    if (!definition || issues.length > 0) throw invalid(name, issues);
    return definition;
  }
}
