/** One task read from a pasted Markdown checklist. */
export interface ChecklistItem {
  readonly title: string;
  /** Markdown: the item's indented lines (text and nested items), de-indented. */
  readonly description: string;
}

export interface ChecklistParse {
  readonly items: ChecklistItem[];
  /** Titles of ticked items (`- [x]`), which are left out: they are done already, outside Weft. */
  readonly skipped: string[];
}

const ITEM = /^([-*+]|\d+[.)])\s+\[( |x|X)\]\s+(.*)$/;

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line)![0];
  return m.replace(/\t/g, '    ').length;
}

/**
 * Reads a pasted Markdown checklist: each top-level `- [ ] title` (also `*`, `+`, `1.`) becomes
 * a task. Lines indented under an item, nested checklist items included, become the task's
 * description as Markdown, so a sub-list stays a sub-list of the task rather than turning into
 * tasks with no order between them. Ticked items (`- [x]`) are skipped and named, because
 * importing them as `done` would claim work Weft never saw. Other top-level lines (headings,
 * prose) are ignored.
 */
export function parseChecklist(markdown: string): ChecklistParse {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const items: ChecklistItem[] = [];
  const skipped: string[] = [];
  let current: { title: string; ticked: boolean; indent: number; body: string[] } | null = null;

  const close = (): void => {
    if (!current) return;
    if (current.ticked) skipped.push(current.title);
    else items.push({ title: current.title, description: dedent(current.body) });
    current = null;
  };

  for (const line of lines) {
    const indent = indentOf(line);
    const text = line.trim();
    if (current && (text === '' || indent > current.indent)) {
      current.body.push(line);
      continue;
    }
    const m = ITEM.exec(text);
    if (m) {
      close();
      const title = m[3]!.trim();
      if (title === '') continue;
      current = { title, ticked: m[2] !== ' ', indent, body: [] };
      continue;
    }
    close();
  }
  close();
  return { items, skipped };
}

/** Removes the common indentation and the blank lines around the text. */
function dedent(body: readonly string[]): string {
  const lines = [...body];
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map(indentOf);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.replace(/\t/g, '    ').slice(cut).trimEnd()).join('\n');
}
