import { z } from 'zod';
import { indexStatusSchema, searchQuerySchema, searchResultSchema } from '../../domain/search';
import { projectIdSchema } from '../../domain/project';
import { event, request } from '../define';

/** Code search over the project's index. */
export const search = {
  query: request(searchQuerySchema.extend({ projectId: projectIdSchema }), searchResultSchema),
  status: request(z.object({ projectId: projectIdSchema }), indexStatusSchema),
  /** Index build progress, for the status bar. */
  progress: event(indexStatusSchema),
} as const;
