import type { ValidationIssueView, WorkflowSummary } from '../../shared/domain/workflow';
import { WeftError } from '../../shared/ipc/errors';
import { validateWorkflow, type ValidationContext } from '../../shared/workflow/validate';
import type { EventHub } from '../ipc/events';
import type { NamespaceHandlers } from '../ipc/router';
import { starterTemplates } from './starters';
import type { WorkflowFile, WorkflowFiles } from './workflow-files';

/** What the `workflow.*` handlers are built from. */
export interface WorkflowHandlerDeps {
  readonly files: WorkflowFiles;
  readonly events: EventHub;
  /** Configured model provider ids, so a node naming an unknown provider is reported. */
  readonly providerIds: () => readonly string[];
}

/** Checks a definition with what the project offers (its other workflows, the model providers). */
export async function checkDefinition(
  deps: WorkflowHandlerDeps,
  projectId: string,
  name: string | undefined,
  json: unknown,
): Promise<ValidationIssueView[]> {
  const workflows = (await deps.files.list(projectId)).map((f) => f.name);
  const context: ValidationContext = {
    workflows,
    models: new Map(deps.providerIds().map((id) => [id, null])),
    ...(name !== undefined ? { self: name } : {}),
  };
  return [...validateWorkflow(json, context).issues];
}

function issuesOf(deps: WorkflowHandlerDeps, projectId: string, file: WorkflowFile): Promise<ValidationIssueView[]> {
  if (file.parseError !== null) return Promise.resolve([{ node: null, field: null, message: file.parseError }]);
  return checkDefinition(deps, projectId, file.name, file.json);
}

function summaryOf(file: WorkflowFile, issues: readonly ValidationIssueView[]): WorkflowSummary {
  const json = (file.json ?? {}) as { name?: unknown; description?: unknown; nodes?: unknown };
  return {
    name: file.name,
    path: file.path,
    title: typeof json.name === 'string' ? json.name : null,
    description: typeof json.description === 'string' ? json.description : null,
    nodeCount: Array.isArray(json.nodes) ? json.nodes.length : 0,
    issueCount: issues.length,
    mtimeMs: file.mtimeMs,
  };
}

const notYet = (): never => {
  throw new WeftError('unsupported', 'Running workflows is not available in this build yet.');
};

/** The `workflow.*` requests. */
export function workflowHandlers(deps: WorkflowHandlerDeps): NamespaceHandlers<'workflow'> {
  const { files, events } = deps;
  return {
    'workflow.list': async ({ projectId }) => {
      const all = await files.list(projectId);
      return Promise.all(all.map(async (f) => summaryOf(f, await issuesOf(deps, projectId, f))));
    },
    'workflow.get': async ({ projectId, name }) => {
      const file = await files.read(projectId, name);
      if (file.parseError !== null || file.json === null || typeof file.json !== 'object' || Array.isArray(file.json)) {
        throw new WeftError(
          'workflow_invalid',
          file.parseError ?? `${file.path} is not a workflow: its JSON is not an object. Fix it in a text editor.`,
        );
      }
      return {
        name,
        path: file.path,
        definition: file.json as Record<string, unknown>,
        issues: await issuesOf(deps, projectId, file),
        mtimeMs: file.mtimeMs,
      };
    },
    'workflow.save': async ({ projectId, name, definition, expectedMtimeMs, create }) => {
      const written = await files.write(projectId, name, definition, {
        ...(expectedMtimeMs !== undefined ? { expectedMtimeMs } : {}),
        ...(create ? { create } : {}),
      });
      events.emit('workflow.filesChanged', { projectId });
      return { ...written, issues: await checkDefinition(deps, projectId, name, definition) };
    },
    'workflow.remove': async ({ projectId, name }) => {
      await files.remove(projectId, name);
      events.emit('workflow.filesChanged', { projectId });
      return null;
    },
    'workflow.validate': async ({ projectId, name, definition }) => ({
      issues: await checkDefinition(deps, projectId, name, definition),
    }),
    'workflow.templates': () => [...starterTemplates],
    'workflow.run': notYet,
    'workflow.runs': notYet,
    'workflow.runDetail': notYet,
    'workflow.nodeDetail': notYet,
    'workflow.cancel': notYet,
    'workflow.pause': notYet,
    'workflow.resume': notYet,
    'workflow.retry': notYet,
    'workflow.approve': notYet,
  };
}
