import { z } from 'zod';
import { projectIdSchema } from '../../domain/project';
import { dirEntrySchema, fileChangeSchema, fileContentSchema } from '../../domain/files';
import { event, request } from '../define';

/** A project-relative path from the UI ('' is the root); the main side checks it lies inside. */
const relPath = z.string().max(4096);
const project = { projectId: projectIdSchema };

/** Reading and changing files of an open project. */
export const files = {
  list: request(z.object({ ...project, dir: relPath }), z.array(dirEntrySchema)),
  read: request(z.object({ ...project, path: relPath.min(1) }), fileContentSchema),
  write: request(
    z.object({
      ...project,
      path: relPath.min(1),
      content: z.string(),
      encoding: z.object({ name: z.string().max(40), bom: z.boolean() }),
      /** The mtime the editor loaded; a newer file on disk is not overwritten. Null forces the write. */
      expectedMtimeMs: z.number().nullable(),
    }),
    z.object({ mtimeMs: z.number() }),
  ),
  create: request(z.object({ ...project, path: relPath.min(1), kind: z.enum(['file', 'dir']) }), z.null()),
  rename: request(z.object({ ...project, from: relPath.min(1), to: relPath.min(1) }), z.null()),
  delete: request(z.object({ ...project, path: relPath.min(1) }), z.object({ trashed: z.boolean() })),
  reveal: request(z.object({ ...project, path: relPath }), z.null()),
  /** Changes seen by the watcher, batched per project. */
  changed: event(z.object({ projectId: z.string(), changes: z.array(fileChangeSchema) })),
} as const;
