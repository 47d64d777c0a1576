// Pure search semantics: how a query matches a line, which literal the index can look up,
// and which paths the include/exclude globs let through.
import picomatch from 'picomatch';
import { WeftError } from '../../shared/ipc/errors';
import type { SearchQuery } from '../../shared/domain/search';

export type LineMatcher = (line: string) => [number, number][];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles the query into a function that finds every match in one line. */
export function compileMatcher(q: Pick<SearchQuery, 'query' | 'isRegex' | 'caseSensitive' | 'wholeWord'>): LineMatcher {
  let source = q.isRegex ? q.query : escapeRegex(q.query);
  if (q.wholeWord) source = `(?<![\\p{L}\\p{N}_])(?:${source})(?![\\p{L}\\p{N}_])`;
  let re: RegExp;
  try {
    re = new RegExp(source, `gu${q.caseSensitive ? '' : 'i'}`);
  } catch (error) {
    throw new WeftError('invalid_input', `The regular expression is not valid: ${(error as Error).message}`);
  }
  return (line) => {
    const out: [number, number][] = [];
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push([m.index, m.index + m[0].length]);
      if (out.length >= 100) break;
    }
    return out;
  };
}

/**
 * The longest literal every match must contain, for the trigram index to narrow candidates
 * (three characters or more); null means every file is a candidate.
 */
export function requiredLiteral(q: Pick<SearchQuery, 'query' | 'isRegex'>): string | null {
  if (!q.isRegex) return q.query.length >= 3 ? q.query : null;
  // Alternation or optional groups make any single literal optional; do not guess.
  if (/[|]/.test(q.query)) return null;
  let best = '';
  let current = '';
  for (let i = 0; i < q.query.length; i++) {
    const ch = q.query[i]!;
    if (ch === '\\') {
      const next = q.query[i + 1] ?? '';
      i++;
      if (/[.*+?^${}()|[\]\\/-]/.test(next)) current += next;
      else current = flush();
      continue;
    }
    if (/[.^$[\](){}]/.test(ch)) {
      current = flush();
      continue;
    }
    if (/[*?]/.test(ch) || (ch === '{' && current.length > 0)) {
      // The previous character is optional or repeated: it cannot be relied on.
      current = current.slice(0, -1);
      current = flush();
      continue;
    }
    if (ch === '+') {
      current = flush();
      continue;
    }
    current += ch;
  }
  flush();
  return best.length >= 3 ? best : null;

  function flush(): string {
    if (current.length > best.length) best = current;
    return '';
  }
}

/** Turns "src/**, *.ts" into a path filter; empty include means everything. */
export function pathFilter(include: string, exclude: string): (path: string) => boolean {
  const globs = (s: string) =>
    s
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean)
      // A glob also covers everything below a folder it names; a bare name matches at any depth, as in VS Code.
      .flatMap((g) => (g.includes('/') || g.startsWith('**') ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`]));
  const inc = globs(include).map((g) => picomatch(g, { dot: true }));
  const exc = globs(exclude).map((g) => picomatch(g, { dot: true }));
  return (path) => (inc.length === 0 || inc.some((m) => m(path))) && !exc.some((m) => m(path));
}

/**
 * An FTS5 query for documents containing every trigram of `literal` (without positions a
 * phrase cannot be asked for). Non-overlapping trigrams plus the last one cover the string.
 */
export function trigramQuery(literal: string): string {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= literal.length; i += 3) grams.add(literal.slice(i, i + 3));
  grams.add(literal.slice(-3));
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND ');
}
