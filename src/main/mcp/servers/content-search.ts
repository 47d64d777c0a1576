// Content search for the files and search servers: the search feature's query semantics
// (matcher.ts) over the project walker, so the model finds what the search panel would.
import { looksBinary } from '../../files/text-codec';
import { openDir, openFile } from '../../files/verified-fs';
import { walkVerified } from '../../files/verified-walk';
import { isWeftError } from '../../../shared/ipc/errors';
import { compileMatcher, pathFilter } from '../../search/matcher';
import { type BuiltInContext, plural, resolveIn, ToolRefusal } from './tool-kit';

export interface ContentQuery {
  readonly query: string;
  readonly isRegex: boolean;
  readonly caseSensitive: boolean;
  readonly wholeWord: boolean;
  /** Comma-separated globs, as in the search panel. */
  readonly include: string;
  readonly exclude: string;
  /** A folder (or file) inside the root to search instead of all of it. */
  readonly path: string | undefined;
  readonly maxResults: number;
}

/** Files bigger than this are skipped: they are logs or data, not code. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_SHOWN = 240;

/** Finds matching lines; answers `path:line: text`, one per line, with a count at the end. */
export async function searchContent(ctx: BuiltInContext, q: ContentQuery, signal: AbortSignal): Promise<string> {
  if (q.query === '') throw new ToolRefusal('The search text is empty.');
  const matcher = compileMatcher(q);
  const wanted = pathFilter(q.include, q.exclude);
  let start = '';
  let single: string | null = null;
  if (q.path !== undefined && q.path !== '' && q.path !== '.') {
    const abs = await resolveIn(ctx, q.path, 'read');
    start = ctx.guard.relative(abs);
    if (!(await isFolder(ctx, abs, q.path))) single = start;
  }
  const lines: string[] = [];
  let files = 0;
  let scanned = 0;
  let capped = false;
  const candidates = single
    ? (async function* () {
        yield { path: single, abs: await ctx.guard.resolve(single) };
      })()
    : walkVerified(ctx.guard, ctx.ignore, signal, start);
  for await (const file of candidates) {
    if (signal.aborted) throw new ToolRefusal('The search was cancelled.');
    if (!single && !wanted(file.path)) continue;
    const text = await readText(ctx, file.abs, file.path);
    if (text === null) continue;
    scanned++;
    let hit = false;
    const fileLines = text.split(/\r?\n/);
    for (let i = 0; i < fileLines.length; i++) {
      const line = fileLines[i]!;
      if (matcher(line).length === 0) continue;
      hit = true;
      const shown = line.length > MAX_LINE_SHOWN ? `${line.slice(0, MAX_LINE_SHOWN)}…` : line;
      lines.push(`${file.path}:${i + 1}: ${shown}`);
      if (lines.length >= q.maxResults) {
        capped = true;
        break;
      }
    }
    if (hit) files++;
    if (capped) break;
  }
  if (lines.length === 0) return `No matches for ${JSON.stringify(q.query)} in ${plural(scanned, 'file')} searched.`;
  const summary = capped
    ? `[Stopped at ${plural(lines.length, 'match', 'matches')} (max_results); narrow the search to see more.]`
    : `[${plural(lines.length, 'match', 'matches')} in ${plural(files, 'file')}.]`;
  return `${lines.join('\n')}\n${summary}`;
}

/** Whether the search path is a folder (else a single file); refusals and absence are the caller's answer. */
async function isFolder(ctx: BuiltInContext, abs: string, shown: string): Promise<boolean> {
  try {
    await (await openDir(ctx.guard, abs, shown)).close();
    return true;
  } catch (error) {
    if (isWeftError(error) && error.code === 'not_a_directory') return false;
    if (isWeftError(error) && error.code === 'path_not_found') throw new ToolRefusal(`${shown} does not exist.`);
    throw error;
  }
}

/**
 * The file's text, or null for binary, huge or unreadable files, and for those refused once
 * opened (outside the project after a swap, hard links): search skips them without a word.
 */
async function readText(ctx: BuiltInContext, abs: string, shown: string): Promise<string | null> {
  let file;
  try {
    file = await openFile(ctx.guard, abs, shown);
  } catch {
    return null;
  }
  try {
    const { info, handle } = file;
    if (info.size > MAX_FILE_BYTES) return null;
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    const got = bytes.subarray(0, bytesRead);
    if (looksBinary(got)) return null;
    return got.toString('utf8');
  } finally {
    await file.handle.close();
  }
}
