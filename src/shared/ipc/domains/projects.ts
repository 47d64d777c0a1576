import { z } from 'zod';
import { projectIdSchema, projectSchema } from '../../domain/project';
import { event, none, pathInput, request } from '../define';

/** Opening folders and the recent list. */
export const projects = {
  open: request(z.object({ path: pathInput }), projectSchema),
  recent: request(none, z.array(projectSchema)),
  /** The most recently opened project, if reopening at start is on and it still exists. */
  reopenLast: request(none, projectSchema.nullable()),
  forget: request(z.object({ id: projectIdSchema }), z.null()),
  initGit: request(z.object({ id: projectIdSchema }), projectSchema),
  recentChanged: event(z.array(projectSchema)),
} as const;
