import { z } from 'zod';
import { projectIdSchema } from '../../domain/project';
import {
  validationIssueSchema,
  workflowDocumentSchema,
  workflowJsonSchema,
  workflowSummarySchema,
  workflowTemplateSchema,
} from '../../domain/workflow';
import {
  nodeLogLineSchema,
  nodeRunDetailSchema,
  nodeRunSchema,
  workflowRunDetailSchema,
  workflowRunIdSchema,
  workflowRunSchema,
} from '../../domain/workflow-runs';
import { workflowNameSchema } from '../../workflow/schema';
import { event, none, request } from '../define';

const file = z.object({ projectId: projectIdSchema, name: workflowNameSchema });
const run = z.object({ runId: workflowRunIdSchema });
const nodeKey = z.string().min(1).max(1000);

/** A finished run's kept worktree or branch, and what in it exists nowhere else. */
export const keptRunWorkspaceSchema = z.object({
  runId: z.string(),
  workflow: z.string(),
  branch: z.string(),
  /** False when only the branch is left. */
  worktree: z.boolean(),
  /** Commits on the branch that the project's checked-out branch does not have. */
  commits: z.number().int(),
  /** Uncommitted files in the worktree. */
  files: z.number().int(),
});
export type KeptRunWorkspace = z.infer<typeof keptRunWorkspaceSchema>;

/** Workflows: files in `.weft/workflows/`, their validation, runs, and what runs did. */
export const workflow = {
  /** The project's workflows, by name. */
  list: request(z.object({ projectId: projectIdSchema }), z.array(workflowSummarySchema)),
  /** One workflow file with its problems; `workflow_not_found` when there is none. */
  get: request(file, workflowDocumentSchema),
  /**
   * Writes the file. A workflow with problems is saved as a draft and its problems are
   * returned; running it is refused until they are fixed. With `expectedMtimeMs`, a file
   * changed on disk since it was read is not overwritten (`file_changed_on_disk`); with
   * `create`, an existing file is not overwritten (`already_exists`).
   */
  save: request(
    file.extend({
      definition: workflowJsonSchema,
      expectedMtimeMs: z.number().nullable().optional(),
      create: z.boolean().optional(),
    }),
    z.object({ issues: z.array(validationIssueSchema), mtimeMs: z.number(), path: z.string() }),
  ),
  remove: request(file, z.null()),
  /** Checks a definition (saved or not) against the schema, its graph, and the project's models and workflows. */
  validate: request(
    z.object({ projectId: projectIdSchema, name: workflowNameSchema.optional(), definition: workflowJsonSchema }),
    z.object({ issues: z.array(validationIssueSchema) }),
  ),
  /** Starters for a new workflow: Weft's, then the user's own from the data dir. */
  templates: request(none, z.array(workflowTemplateSchema)),
  /** Saves a definition as a template for every project (`<data dir>/workflow-templates/<name>.json`). */
  saveTemplate: request(z.object({ name: workflowNameSchema, definition: workflowJsonSchema }), workflowTemplateSchema),
  /** Runs the saved file with the given inputs; `workflow_invalid` when it has problems. */
  run: request(file.extend({ inputs: z.record(z.string(), z.unknown()).default({}) }), workflowRunSchema),
  /** Runs of a project (of one workflow when named), newest first. */
  runs: request(
    z.object({
      projectId: projectIdSchema,
      workflow: workflowNameSchema.optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    z.array(workflowRunSchema),
  ),
  runDetail: request(run, workflowRunDetailSchema),
  /** One node of a run: input, output, log and the files it changed. */
  nodeDetail: request(run.extend({ node: nodeKey }), nodeRunDetailSchema),
  /** Cancels model calls, processes and tool calls in flight; the run ends `cancelled`. */
  cancel: request(run, workflowRunSchema),
  /** Lets running steps finish and starts no new ones until resumed. */
  pause: request(run, workflowRunSchema),
  /** Continues a paused, interrupted, failed or cancelled run; completed nodes are not run again. */
  resume: request(run, workflowRunSchema),
  /** Runs `node` and everything downstream of it again, with the workflow as it is saved now. */
  retry: request(run.extend({ node: nodeKey }), workflowRunSchema),
  /** Answers an approval node. */
  approve: request(
    run.extend({ node: nodeKey, approved: z.boolean(), comment: z.string().max(10_000).optional() }),
    workflowRunSchema,
  ),
  /** Worktrees and branches finished runs kept because they changed something. */
  kept: request(z.object({ projectId: projectIdSchema }), z.array(keptRunWorkspaceSchema)),
  /**
   * Removes the chosen runs' worktrees and branches; uncommitted work is checkpointed and unmerged
   * commits are archived under `refs/weft/archive/<run>` first, so nothing is lost.
   */
  cleanUp: request(
    z.object({ projectId: projectIdSchema, runIds: z.array(workflowRunIdSchema).min(1).max(500) }),
    z.object({ removed: z.array(z.string()), archived: z.array(z.string()) }),
  ),
  /** A run's summary changed (status, counts, tokens). */
  runChanged: event(workflowRunSchema),
  /** Nodes of a run changed state; several changes arrive together. */
  nodesChanged: event(z.object({ runId: z.string(), nodes: z.array(nodeRunSchema) })),
  /** Lines nodes logged, in order. */
  nodeLog: event(z.object({ runId: z.string(), lines: z.array(nodeLogLineSchema) })),
  /** A workflow file was saved or removed (by Weft), so lists refresh. */
  filesChanged: event(z.object({ projectId: z.string() })),
} as const;
