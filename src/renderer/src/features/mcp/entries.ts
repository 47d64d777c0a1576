// The form's text fields for lists and name/value pairs, one entry a line.

/** `NAME=value` lines (env) or `Name: value` lines (headers) into a record; blank lines skipped. */
export function parseEntries(
  text: string,
  separator: '=' | ':',
): { entries: Record<string, string>; error: string | null } {
  const entries: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = line.indexOf(separator);
    if (at <= 0) return { entries, error: `Line ${i + 1} needs a name, then "${separator}", then the value.` };
    entries[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { entries, error: null };
}

/** Names only, each followed by the separator: what an edit form shows for stored secrets. */
export function namesAsEntries(names: readonly string[], separator: '=' | ':'): string {
  return names.map((n) => `${n}${separator}${separator === ':' ? ' ' : ''}`).join('\n');
}

/** Arguments, one a line (so spaces inside one argument need no quoting). */
export function parseArgsText(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
