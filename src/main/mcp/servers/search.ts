// The built-in `search` server: content search with the search panel's options.
import { z } from 'zod';
import { searchContent } from './content-search';
import { defineTool, readOnly, type BuiltInTool } from './tool-kit';

const search = defineTool({
  name: 'search',
  description:
    "Search the text of the project's files, as the search panel does. Literal text by default; is_regex for a JavaScript regular expression. Case-insensitive unless case_sensitive. " +
    'include/exclude take comma-separated globs ("src/**, *.ts"; a bare name matches at any depth). Skips .git, binary files and files ignored by .gitignore. Answers "path:line: text" per matching line.',
  input: {
    query: z.string().min(1).max(1000).describe('Text (or regular expression) to find.'),
    is_regex: z.boolean().optional().describe('Treat query as a regular expression.'),
    case_sensitive: z.boolean().optional().describe('Match case exactly.'),
    whole_word: z.boolean().optional().describe('Match whole words only.'),
    include: z.string().max(2000).optional().describe('Only files matching these globs.'),
    exclude: z.string().max(2000).optional().describe('Skip files matching these globs.'),
    path: z.string().min(1).max(4096).optional().describe('File or folder to search, relative to the project root.'),
    max_results: z.number().int().min(1).max(2000).optional().describe('Stop after this many matching lines (200).'),
  },
  annotations: readOnly,
  declaration: { kind: 'search', pathArgs: ['path'] },
  async run(args, ctx, signal) {
    const text = await searchContent(
      ctx,
      {
        query: args.query,
        isRegex: args.is_regex === true,
        caseSensitive: args.case_sensitive === true,
        wholeWord: args.whole_word === true,
        include: args.include ?? '',
        exclude: args.exclude ?? '',
        path: args.path,
        maxResults: args.max_results ?? 200,
      },
      signal,
    );
    return { text };
  },
});

/** The search server's tools. */
export const searchTools: readonly BuiltInTool[] = [search];
