import { z } from 'zod';

/** One entry of a folder listing, with paths relative to the project root and '/'-separated. */
export const dirEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['file', 'dir', 'symlink']),
  /** Matched by .gitignore: shown dimmed, not hidden (the user exclude list hides). */
  ignored: z.boolean(),
});
export type DirEntry = z.infer<typeof dirEntrySchema>;

/** A file's text as the editor gets it, or why it is not editable text. */
export const fileContentSchema = z.object({
  path: z.string(),
  kind: z.enum(['text', 'binary']),
  content: z.string(),
  /** iconv name of the detected encoding, and whether it had a byte-order mark. */
  encoding: z.object({ name: z.string(), bom: z.boolean() }),
  size: z.number(),
  mtimeMs: z.number(),
  /** Files over the size limit open read-only. */
  readOnly: z.boolean(),
});
export type FileContent = z.infer<typeof fileContentSchema>;

/** Files larger than this open read-only, so the editor stays responsive. */
export const MAX_EDITABLE_BYTES = 5 * 1024 * 1024;

/** A change the watcher saw, batched per project. */
export const fileChangeSchema = z.object({
  path: z.string(),
  type: z.enum(['create', 'update', 'delete']),
});
export type FileChange = z.infer<typeof fileChangeSchema>;
