import { z } from 'zod';

/** What the search panel asks for. */
export const searchQuerySchema = z.object({
  projectId: z.string(),
  query: z.string().min(1).max(1000),
  isRegex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
  /** Comma-separated globs, as in VS Code's "files to include / exclude". */
  include: z.string().max(2000).default(''),
  exclude: z.string().max(2000).default(''),
  maxResults: z.number().int().min(1).max(20000).default(2000),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchMatchSchema = z.object({
  line: z.number().int(),
  text: z.string(),
  /** [start, end) character offsets of each match within `text`. */
  ranges: z.array(z.tuple([z.number(), z.number()])),
});

export const searchResultSchema = z.object({
  files: z.array(z.object({ path: z.string(), matches: z.array(searchMatchSchema) })),
  matchCount: z.number(),
  truncated: z.boolean(),
  /** Where the answer came from: the index, or a scan while the index is still building. */
  source: z.enum(['index', 'scan']),
  elapsedMs: z.number(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const indexStatusSchema = z.object({
  projectId: z.string(),
  state: z.enum(['idle', 'building', 'ready', 'failed']),
  indexedFiles: z.number(),
  totalFiles: z.number(),
  message: z.string().nullable(),
});
export type IndexStatus = z.infer<typeof indexStatusSchema>;
