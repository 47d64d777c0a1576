/** One output as a person reads it: text as it is, anything else as indented JSON. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * A completed run's `outputs`, for stdout: the answer of `weft run`, apart from the progress on
 * stderr, so `weft run x > answer.txt` keeps just the answer. A single output is printed bare;
 * several are each headed by their name.
 */
export function formatOutputs(outputs: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(outputs);
  if (entries.length === 0) return '';
  if (entries.length === 1) return shown(entries[0]![1]);
  return entries.map(([name, value]) => `${name}:\n${shown(value)}`).join('\n');
}
