// The built-in `files` server: read, list, find and change files inside one root.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { decodeText, detectEncoding, encodeText, type TextEncoding } from '../../files/text-codec';
import { moveVerified, removeVerified } from '../../files/verified-entries';
import { listVerified, readVerified, writeVerified } from '../../files/verified-fs';
import { walkVerified } from '../../files/verified-walk';
import { isWeftError } from '../../../shared/ipc/errors';
import { diffStat, unifiedDiff } from '../core/unified-diff';
import { searchContent } from './content-search';
import {
  type BuiltInContext,
  defineTool,
  kindOf,
  plural,
  readOnly,
  resolveIn,
  ToolRefusal,
  type BuiltInTool,
} from './tool-kit';

/** Files bigger than this are read only in part. */
const MAX_READ_BYTES = 10 * 1024 * 1024;
const DEFAULT_READ_LINES = 2000;
const MAX_LINE_CHARS = 2000;
const MAX_LIST = 1000;
const MAX_GLOB = 500;

const pathArg = z.string().min(1).max(4096);

interface TextFile {
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly partial: boolean;
  readonly mtimeMs: number;
}

/** A text file read from its checked descriptor; `mtimeMs` lets a later write notice a change. */
async function readTextFile(ctx: BuiltInContext, abs: string, shown: string): Promise<TextFile> {
  let read;
  try {
    read = await readVerified(ctx.guard, abs, shown, MAX_READ_BYTES);
  } catch (error) {
    if (isWeftError(error) && error.code === 'is_a_directory')
      throw new ToolRefusal(`${shown} is a folder; use files__list to see what it holds.`);
    throw error;
  }
  const { bytes, info } = read;
  const encoding = detectEncoding(bytes);
  if (!encoding)
    throw new ToolRefusal(`${shown} is a binary file (${plural(info.size, 'byte')}); it cannot be read as text.`);
  return { text: decodeText(bytes, encoding), encoding, partial: info.size > bytes.length, mtimeMs: info.mtimeMs };
}

/** Applies the .git and root rules to a path whose entry (not its link target) is changed. */
async function checkEntry(ctx: BuiltInContext, path: string): Promise<void> {
  const name = basename(path);
  if (name === '' || name === '.' || name === '..') {
    await resolveIn(ctx, path, 'write');
    return;
  }
  const parent = await ctx.guard.resolve(dirname(path));
  await resolveIn(ctx, ctx.guard.relative(join(parent, name)) || '.', 'write');
}

function changeReport(verb: string, path: string, diff: string): string {
  if (diff === '') return `${verb} ${path}: the content is unchanged.`;
  const { added, removed } = diffStat(diff);
  return `${verb} ${path} (+${added} −${removed}):\n${diff}`;
}

function countOccurrences(haystack: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const read = defineTool({
  name: 'read',
  description:
    'Read a text file inside the project. Answers each line prefixed with its line number and a tab (`   12\\t…`); the numbers are not part of the file. ' +
    `Reads at most ${DEFAULT_READ_LINES} lines at a time: pass start_line and end_line (1-based, inclusive) to read a range or to continue. Binary files are refused.`,
  input: {
    path: pathArg.describe('File path, relative to the project root.'),
    start_line: z.number().int().min(1).max(10_000_000).optional().describe('First line to read (1-based).'),
    end_line: z.number().int().min(1).max(10_000_000).optional().describe('Last line to read (inclusive).'),
  },
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: ['path'] },
  async run(args, ctx) {
    const abs = await resolveIn(ctx, args.path, 'read');
    const file = await readTextFile(ctx, abs, args.path);
    const lines = file.text.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const total = lines.length;
    const first = args.start_line ?? 1;
    if (args.end_line !== undefined && args.end_line < first) throw new ToolRefusal('end_line is before start_line.');
    if (first > Math.max(total, 1)) throw new ToolRefusal(`${args.path} has only ${plural(total, 'line')}.`);
    const last = Math.min(total, args.end_line ?? first + DEFAULT_READ_LINES - 1, first + DEFAULT_READ_LINES - 1);
    const width = String(last).length;
    const body = lines
      .slice(first - 1, last)
      .map((line, i) => {
        const text = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [line cut]` : line;
        return `${String(first + i).padStart(Math.max(6, width))}\t${text}`;
      })
      .join('\n');
    const notes: string[] = [];
    // A range the caller chose is answered as asked; a cut by the line limit says how to go on.
    if (last < total && (args.end_line === undefined || args.end_line > last))
      notes.push(`[Lines ${first}–${last} of ${total}. Read with start_line=${last + 1} to continue.]`);
    if (file.partial) notes.push(`[Only the first ${MAX_READ_BYTES / 1024 / 1024} MB of this file were read.]`);
    if (total === 0 || (total === 1 && lines[0] === '')) return { text: `${args.path} is empty.` };
    return { text: [body, ...notes].join('\n') };
  },
});

const list = defineTool({
  name: 'list',
  description:
    'List the entries of a folder inside the project (not recursive). Folders end with "/", symbolic links with "@"; entries matched by .gitignore are marked. The .git folder is not shown.',
  input: { path: pathArg.optional().describe('Folder path relative to the project root; the root when omitted.') },
  annotations: readOnly,
  declaration: { kind: 'read', pathArgs: ['path'] },
  async run(args, ctx) {
    const shown = args.path ?? '.';
    const abs = await resolveIn(ctx, shown, 'read');
    const rel = ctx.guard.relative(abs);
    await ctx.ignore.prepare(rel);
    const entries = await listVerified(ctx.guard, abs, shown).catch((error: unknown) => {
      if (isWeftError(error) && error.code === 'not_a_directory')
        throw new ToolRefusal(`${shown} is a file, not a folder.`);
      throw error;
    });
    const rows: string[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const isDir = entry.isDirectory();
      if (ctx.ignore.isExcluded(path, isDir)) continue;
      const mark = isDir ? '/' : entry.isSymbolicLink() ? '@' : '';
      rows.push(`${entry.name}${mark}${ctx.ignore.isGitIgnored(path, isDir) ? '  (ignored by .gitignore)' : ''}`);
    }
    if (rows.length === 0) return { text: `${shown} is empty.` };
    const more = rows.length > MAX_LIST ? `\n[${rows.length - MAX_LIST} more entries not shown.]` : '';
    return { text: rows.slice(0, MAX_LIST).join('\n') + more };
  },
});

const glob = defineTool({
  name: 'glob',
  description:
    'Find files by name with a glob pattern (e.g. "**/*.ts", "src/**/test_*.py"), matched against paths relative to the folder searched. ' +
    `Skips .git and files ignored by .gitignore. Answers up to ${MAX_GLOB} paths relative to the project root, sorted.`,
  input: {
    pattern: z.string().min(1).max(1000).describe('Glob pattern, e.g. "**/*.md".'),
    path: pathArg.optional().describe('Folder to search in, relative to the project root; the root when omitted.'),
  },
  annotations: readOnly,
  declaration: { kind: 'search', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    let start = '';
    if (args.path !== undefined && args.path !== '.') {
      const abs = await resolveIn(ctx, args.path, 'read');
      if ((await kindOf(abs)) !== 'dir') throw new ToolRefusal(`${args.path} is not a folder.`);
      start = ctx.guard.relative(abs);
    }
    const match = picomatch(args.pattern, { dot: true });
    const found: string[] = [];
    for await (const file of walkVerified(ctx.guard, ctx.ignore, signal, start)) {
      const rel = start === '' ? file.path : file.path.slice(start.length + 1);
      if (match(rel)) found.push(file.path);
    }
    if (signal.aborted) throw new ToolRefusal('The search was cancelled.');
    if (found.length === 0) return { text: `No files match ${args.pattern}.` };
    found.sort();
    const more = found.length > MAX_GLOB ? `\n[${found.length - MAX_GLOB} more matches not shown.]` : '';
    return { text: found.slice(0, MAX_GLOB).join('\n') + more };
  },
});

const search = defineTool({
  name: 'search',
  description:
    'Search file contents with a regular expression (JavaScript syntax, case-sensitive unless ignore_case). Answers "path:line: text" per matching line. ' +
    'Skips .git, binary files and files ignored by .gitignore. For literal text, whole-word matching and include/exclude globs use search__search.',
  input: {
    pattern: z.string().min(1).max(1000).describe('Regular expression to find in each line.'),
    path: pathArg.optional().describe('File or folder to search, relative to the project root; the root when omitted.'),
    glob: z.string().max(1000).optional().describe('Only files whose path matches this glob, e.g. "*.ts".'),
    ignore_case: z.boolean().optional().describe('Match regardless of case.'),
    max_results: z.number().int().min(1).max(2000).optional().describe('Stop after this many matching lines (200).'),
  },
  annotations: readOnly,
  declaration: { kind: 'search', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    const text = await searchContent(
      ctx,
      {
        query: args.pattern,
        isRegex: true,
        caseSensitive: args.ignore_case !== true,
        wholeWord: false,
        include: args.glob ?? '',
        exclude: '',
        path: args.path,
        maxResults: args.max_results ?? 200,
      },
      signal,
    );
    return { text };
  },
});

const edit = defineTool({
  name: 'edit',
  description:
    'Change a text file by exact string replacement: old_string must appear in the file exactly once (including whitespace and indentation, without the line-number prefixes files__read shows), ' +
    'and is replaced by new_string. Fails if old_string is absent, or present more than once unless replace_all is true. Keeps the file encoding. Answers the unified diff of the change.',
  input: {
    path: pathArg.describe('File path, relative to the project root.'),
    old_string: z.string().min(1).describe('The exact text to replace.'),
    new_string: z.string().describe('The text to put in its place.'),
    replace_all: z.boolean().optional().describe('Replace every occurrence instead of requiring exactly one.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  declaration: {
    kind: 'edit',
    pathArgs: ['path'],
    diff: { path: 'path', oldText: 'old_string', newText: 'new_string', replaceAll: 'replace_all' },
  },
  async run(args, ctx) {
    if (args.old_string === args.new_string)
      throw new ToolRefusal('old_string and new_string are the same; nothing to change.');
    const abs = await resolveIn(ctx, args.path, 'write');
    const file = await readTextFile(ctx, abs, args.path);
    if (file.partial) throw new ToolRefusal(`${args.path} is too large to edit safely.`);
    let oldString = args.old_string;
    let newString = args.new_string;
    let at = countOccurrences(file.text, oldString);
    // Models write "\n"; a file with CRLF endings still matches, and keeps its endings.
    if (at.length === 0 && file.text.includes('\r\n') && !oldString.includes('\r\n')) {
      oldString = oldString.replace(/\n/g, '\r\n');
      newString = newString.replace(/\r?\n/g, '\r\n');
      at = countOccurrences(file.text, oldString);
    }
    if (at.length === 0) {
      throw new ToolRefusal(
        `old_string was not found in ${args.path}. It must match the file exactly, including whitespace and indentation; read the file again and copy the text.`,
      );
    }
    if (at.length > 1 && args.replace_all !== true) {
      const where = at.slice(0, 10).map((offset) => lineOf(file.text, offset));
      throw new ToolRefusal(
        `old_string is not unique: it occurs ${at.length} times in ${args.path} (lines ${where.join(', ')}${at.length > 10 ? ', …' : ''}). Include more surrounding text to make it unique, or set replace_all.`,
      );
    }
    const next = args.replace_all
      ? file.text.split(oldString).join(newString)
      : file.text.replace(oldString, () => newString);
    await writeVerified(ctx.guard, abs, args.path, encodeText(next, file.encoding), {
      expectedMtimeMs: file.mtimeMs,
    });
    const shown = ctx.guard.relative(abs);
    return {
      text: changeReport(
        at.length > 1 ? `Replaced ${at.length} occurrences in` : 'Edited',
        shown,
        unifiedDiff(shown, file.text, next),
      ),
    };
  },
});

const write = defineTool({
  name: 'write',
  description:
    'Create a text file, or replace the whole content of an existing one (its encoding is kept). Missing parent folders are created. ' +
    'Prefer files__edit for changing part of a file. Answers the unified diff of the change.',
  input: {
    path: pathArg.describe('File path, relative to the project root.'),
    content: z.string().describe('The complete new content of the file.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  declaration: { kind: 'edit', pathArgs: ['path'], diff: { path: 'path', content: 'content' } },
  async run(args, ctx) {
    // A file that appears between "not there" and the exclusive create is read and replaced.
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeWhole(ctx, args.path, args.content);
      } catch (error) {
        if (attempt >= 3 || !isWeftError(error) || error.code !== 'already_exists') throw error;
      }
    }
  },
});

/** files__write once: create when absent (exclusively), else replace keeping the encoding. */
async function writeWhole(ctx: BuiltInContext, path: string, content: string): Promise<{ text: string }> {
  const abs = await resolveIn(ctx, path, 'write');
  const shown = ctx.guard.relative(abs);
  const before = await readTextFile(ctx, abs, path).catch((error: unknown) => {
    if (isWeftError(error) && error.code === 'path_not_found') return null;
    if (error instanceof ToolRefusal && error.message.includes('is a folder'))
      throw new ToolRefusal(`${path} is a folder.`);
    throw error;
  });
  if (before === null) {
    await writeVerified(ctx.guard, abs, path, content, { exclusive: true, mkdirs: true });
    const lines = content === '' ? 0 : content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
    return { text: `Created ${shown} (${plural(lines, 'line')}):\n${unifiedDiff(shown, null, content)}` };
  }
  if (before.partial) throw new ToolRefusal(`${path} is too large to replace safely.`);
  await writeVerified(ctx.guard, abs, path, encodeText(content, before.encoding), { expectedMtimeMs: before.mtimeMs });
  return { text: changeReport('Wrote', shown, unifiedDiff(shown, before.text, content)) };
}

const move = defineTool({
  name: 'move',
  description:
    'Move or rename a file or folder inside the project. Refuses to overwrite: fails if the destination exists. Missing parent folders of the destination are created.',
  input: {
    from: pathArg.describe('Current path, relative to the project root.'),
    to: pathArg.describe('New path, relative to the project root.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  declaration: { kind: 'move', pathArgs: ['from', 'to'] },
  async run(args, ctx) {
    await checkEntry(ctx, args.from);
    await checkEntry(ctx, args.to);
    await moveVerified(ctx.guard, args.from, args.to).catch((error: unknown) => {
      if (isWeftError(error) && error.code === 'already_exists')
        throw new ToolRefusal(`${args.to} exists already; move refuses to overwrite.`);
      throw error;
    });
    return { text: `Moved ${relativeOf(ctx, args.from)} → ${relativeOf(ctx, args.to)}.` };
  },
});

const remove = defineTool({
  name: 'delete',
  description:
    'Delete a file, or a folder with everything in it (only when recursive is true). Deleted files are gone, not moved to a trash; commit or check git status first.',
  input: {
    path: pathArg.describe('Path to delete, relative to the project root.'),
    recursive: z.boolean().optional().describe('Required to delete a folder and its contents.'),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  declaration: { kind: 'delete', pathArgs: ['path'] },
  async run(args, ctx) {
    await checkEntry(ctx, args.path);
    const shown = relativeOf(ctx, args.path);
    const removed = await removeVerified(ctx.guard, args.path, args.recursive === true).catch((error: unknown) => {
      if (isWeftError(error) && error.code === 'is_a_directory')
        throw new ToolRefusal(`${args.path} is a folder; pass recursive: true to delete it with its contents.`);
      throw error;
    });
    return { text: removed === 'dir' ? `Deleted the folder ${shown} and its contents.` : `Deleted ${shown}.` };
  },
});

/** The project-relative form of a path argument, without following its last name. */
function relativeOf(ctx: BuiltInContext, path: string): string {
  const joined = isAbsolute(path) ? resolve(path) : resolve(ctx.guard.root, path);
  return ctx.guard.relative(joined);
}

/** The files server's tools, in the order the model sees them. */
export const filesTools: readonly BuiltInTool[] = [read, list, glob, search, edit, write, move, remove];
