import { z } from 'zod';
import { workflowNameSchema } from '../workflow/schema';

/** Where a project keeps its workflows, relative to the repository root. */
export const WORKFLOWS_DIR = '.weft/workflows';

/** The repository path of a workflow's file. */
export const workflowPath = (name: string): string => `${WORKFLOWS_DIR}/${name}.json`;

/** A problem found by validation, pinned to a node id path (`loop/test`) or to the workflow (null). */
export const validationIssueSchema = z.object({
  node: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ValidationIssueView = z.infer<typeof validationIssueSchema>;

/**
 * A workflow file's JSON as it is: a draft may not match the schema yet, so it crosses the
 * boundary as a plain object and is validated where it matters (saving reports, running refuses).
 */
export const workflowJsonSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 5_000_000, 'the workflow is larger than 5 MB');

/** A workflow of a project, as the list shows it. */
export const workflowSummarySchema = z.object({
  name: workflowNameSchema,
  /** `.weft/workflows/<name>.json`. */
  path: z.string(),
  /** The definition's own `name`, shown instead of the file name when set. */
  title: z.string().nullable(),
  description: z.string().nullable(),
  nodeCount: z.number().int(),
  /** Problems found; a workflow with problems is a draft that can be saved but not run. */
  issueCount: z.number().int(),
  mtimeMs: z.number(),
});
export type WorkflowSummary = z.infer<typeof workflowSummarySchema>;

/** One workflow file, for the builder. */
export const workflowDocumentSchema = z.object({
  name: workflowNameSchema,
  path: z.string(),
  definition: z.record(z.string(), z.unknown()),
  issues: z.array(validationIssueSchema),
  mtimeMs: z.number(),
});
export type WorkflowDocument = z.infer<typeof workflowDocumentSchema>;

/** A starter a new workflow can be made from. */
export const workflowTemplateSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** A suggested file name. */
  name: workflowNameSchema,
  definition: z.record(z.string(), z.unknown()),
  /** Shipped with Weft, or the user's own from the data dir. */
  source: z.enum(['starter', 'global']),
});
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;
