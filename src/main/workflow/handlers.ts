import type { ValidationIssueView, WorkflowSummary } from '../../shared/domain/workflow';
import { WeftError } from '../../shared/ipc/errors';
import type { EventHub } from '../ipc/events';
import type { NamespaceHandlers } from '../ipc/router';
import type { KeptWorktrees } from './kept-worktrees';
import type { WorkflowRunViews } from './run-views';
import type { WorkflowTemplates } from './global-templates';
import type { WorkflowDocument, WorkflowDocuments } from './workflow-documents';
import type { WorkflowService } from './workflow-service';

/** What the `workflow.*` handlers are built from. */
export interface WorkflowHandlerDeps {
  /** The builder's access to `.weft/workflows` (drafts, mtimes, removal). */
  readonly documents: WorkflowDocuments;
  /** Validation with the project's context, and runs. */
  readonly service: Pick<
    WorkflowService,
    'validate' | 'start' | 'cancel' | 'pause' | 'resume' | 'retryFrom' | 'approve'
  >;
  readonly views: WorkflowRunViews;
  readonly events: EventHub;
  readonly templates: WorkflowTemplates;
  /** Kept run worktrees and their clean-up. */
  readonly kept: KeptWorktrees;
}

function issuesOf(
  deps: WorkflowHandlerDeps,
  projectId: string,
  file: WorkflowDocument,
): Promise<readonly ValidationIssueView[]> {
  if (file.parseError !== null) return Promise.resolve([{ node: null, field: null, message: file.parseError }]);
  return deps.service.validate(projectId, file.json, file.name);
}

function summaryOf(file: WorkflowDocument, issues: readonly ValidationIssueView[]): WorkflowSummary {
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

/** The `workflow.*` requests. */
export function workflowHandlers(deps: WorkflowHandlerDeps): NamespaceHandlers<'workflow'> {
  const { documents, service, views, events } = deps;
  return {
    'workflow.list': async ({ projectId }) => {
      const all = await documents.list(projectId);
      return Promise.all(all.map(async (f) => summaryOf(f, await issuesOf(deps, projectId, f))));
    },
    'workflow.get': async ({ projectId, name }) => {
      const file = await documents.read(projectId, name);
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
        issues: [...(await issuesOf(deps, projectId, file))],
        mtimeMs: file.mtimeMs,
      };
    },
    'workflow.save': async ({ projectId, name, definition, expectedMtimeMs, create }) => {
      // Drafts are saved as they are, whatever their problems; running them is what is refused.
      const written = await documents.write(projectId, name, definition, {
        ...(expectedMtimeMs !== undefined ? { expectedMtimeMs } : {}),
        ...(create ? { create } : {}),
      });
      events.emit('workflow.filesChanged', { projectId });
      return { ...written, issues: [...(await service.validate(projectId, definition, name))] };
    },
    'workflow.remove': async ({ projectId, name }) => {
      await documents.remove(projectId, name);
      events.emit('workflow.filesChanged', { projectId });
      return null;
    },
    'workflow.validate': async ({ projectId, name, definition }) => ({
      issues: [...(await service.validate(projectId, definition, name))],
    }),
    'workflow.templates': () => deps.templates.list(),
    'workflow.saveTemplate': ({ name, definition }) => deps.templates.save(name, definition),
    'workflow.run': async ({ projectId, name, inputs }) => views.run(await service.start(projectId, name, inputs)),
    'workflow.runs': ({ projectId, workflow, limit }) => views.list(projectId, workflow, limit ?? 100),
    'workflow.runDetail': ({ runId }) => views.detail(runId),
    'workflow.nodeDetail': ({ runId, node }) => views.nodeDetail(runId, node),
    'workflow.cancel': ({ runId }) => {
      service.cancel(runId);
      return views.run(runId);
    },
    'workflow.pause': ({ runId }) => {
      service.pause(runId);
      return views.run(runId);
    },
    'workflow.resume': async ({ runId }) => {
      await service.resume(runId);
      return views.run(runId);
    },
    'workflow.retry': async ({ runId, node }) => {
      await service.retryFrom(runId, node);
      return views.run(runId);
    },
    'workflow.kept': ({ projectId }) => deps.kept.list(projectId),
    'workflow.cleanUp': ({ projectId, runIds }) => deps.kept.cleanUp(projectId, runIds),
    'workflow.approve': ({ runId, node, approved, comment }) => {
      service.approve(runId, node, { approved, ...(comment !== undefined ? { comment } : {}) });
      return views.run(runId);
    },
  };
}
