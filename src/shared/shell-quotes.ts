// Pure: how a POSIX shell reads quotes and backslashes. The approval policy needs it to see what
// a command line would run; workflow templates need it to know where an inserted value lands.

/** Where a position of a shell line is: outside quotes, inside '…', or inside "…". */
export type QuoteState = 'none' | 'single' | 'double';

/**
 * Walks a shell line and shows `visit` each character the shell interprets: nothing inside single
 * quotes (where not even a backslash escapes), nothing escaped by a backslash, no quote marks.
 * `visit` returning true stops the walk. Returns the quote state where the walk ended.
 */
export function scanShell(
  line: string,
  visit?: (ch: string, next: string | undefined, state: 'none' | 'double') => boolean | void,
): { state: QuoteState; stopped: boolean } {
  let state: QuoteState = 'none';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (state === 'single') {
      if (ch === "'") state = 'none';
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (state === 'double' && ch === '"') {
      state = 'none';
      continue;
    }
    if (state === 'none' && (ch === '"' || ch === "'")) {
      state = ch === '"' ? 'double' : 'single';
      continue;
    }
    if (visit?.(ch, line[i + 1], state)) return { state, stopped: true };
  }
  return { state, stopped: false };
}
