// Pure: rule patterns are simple globs, since users write them by hand on an approval card.

/** `*` matches any run of characters (including `/` and spaces), `?` one character, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (ch === '*') {
      out += '[\\s\\S]*';
    } else if (ch === '?') {
      out += '[\\s\\S]';
    } else {
      out += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${out}$`);
}

/** True when `value` matches the glob `pattern`. */
export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** A pattern that matches exactly `value` (for "always allow" of one command). */
export function literalGlob(value: string): string {
  return value.replace(/[\\*?]/g, (c) => `\\${c}`);
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
