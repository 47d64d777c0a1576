// What may run without asking, matched on the parsed command (program, sub-command, words), never
// on a string prefix: `git diff*` as a string let `git difftool -x …` through.
import { bareProgram, type SimpleCommand } from './shell-line';

/** One allowed form of a command. */
export interface AllowedCommand {
  /** A bare program name, found on PATH; `./git` or `/tmp/git` is never `git`. */
  readonly program: string;
  /**
   * The words that must come first, each a list of alternatives; an alternative ending in `*`
   * matches any word that starts with the rest (`test*` matches `test:unit`).
   */
  readonly leading?: readonly (readonly string[])[];
  /** Options the program may take before the leading words (`git --no-pager diff`). */
  readonly optionsBefore?: readonly string[];
  /** Nothing may follow the leading words. */
  readonly exact?: boolean;
}

const gitGlobals = ['--no-pager', '-P', '--no-optional-locks'];
const scripts = ['test*', 'lint*', 'build*', 'typecheck*'];

/**
 * Simple commands that only read, build or test inside the project. Options that make any of
 * them run something else are caught separately (program-options.ts), and script runners only
 * run without asking while the run has not changed what defines them (runners.ts).
 */
export const defaultAllowCommands: readonly AllowedCommand[] = [
  { program: 'ls' },
  { program: 'pwd' },
  { program: 'cat' },
  { program: 'head' },
  { program: 'tail' },
  { program: 'wc' },
  { program: 'grep' },
  { program: 'rg' },
  { program: 'find' },
  { program: 'git', leading: [['status', 'diff', 'log', 'show']], optionsBefore: gitGlobals },
  { program: 'npm', leading: [['test', 't', 'tst']] },
  { program: 'npm', leading: [['run', 'run-script'], scripts] },
  { program: 'node', leading: [['--test']] },
  { program: 'pytest' },
  { program: 'python', leading: [['-m'], ['pytest']] },
  { program: 'python3', leading: [['-m'], ['pytest']] },
  { program: 'go', leading: [['test', 'build', 'vet']] },
  { program: 'cargo', leading: [['test', 'build', 'check']] },
  { program: 'make', leading: [['test*', 'check*']] },
];

const alternativeMatches = (alternative: string, word: string) =>
  alternative.endsWith('*') ? word.startsWith(alternative.slice(0, -1)) : word === alternative;

/** The words of a command as the shell passes them; a word that expands is kept as written. */
export function commandWords(command: SimpleCommand): string[] {
  return [command.program, ...command.args].flatMap((w) => (w === null ? [] : [w.value ?? w.source]));
}

/** True when `command` is one of the allowed forms. */
export function allowListed(command: SimpleCommand, list: readonly AllowedCommand[]): boolean {
  const program = bareProgram(command.program);
  if (program === null) return false;
  const args = command.args.map((w) => w.value);
  return list.some((entry) => {
    if (entry.program !== program) return false;
    let i = 0;
    while (i < args.length && args[i] !== null && entry.optionsBefore?.includes(args[i]!)) i++;
    for (const alternatives of entry.leading ?? []) {
      const word = args[i];
      if (word === undefined || word === null || !alternatives.some((a) => alternativeMatches(a, word))) return false;
      i++;
    }
    return !entry.exact || i === args.length;
  });
}

/**
 * Whether a rule's command pattern matches a command, word by word. Patterns are what users type
 * on a card: `*` inside a word matches within that word; a `*` that ends the pattern matches the
 * rest of the line, but only from a word boundary, so `git diff*` matches `git diff --stat` and
 * `npm test*` matches `npm test:unit`, while `git diff*` does not match `git difftool` (write
 * `npm run test:*` for every `test:` script).
 */
export function patternMatches(pattern: string, command: SimpleCommand): boolean {
  const tokens = splitPattern(pattern);
  // `CI=1 npm test` is matched by a pattern that spells the assignment, not by `npm test*`.
  const assignments = command.assignments.map((a) => `${a.name}=${a.value?.value ?? a.value?.source ?? ''}`);
  const words = [...assignments, ...commandWords(command)];
  if (tokens.length === 0) return false;
  const last = tokens.length - 1;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (t === last && token === '*') return words.length >= t;
    const word = words[t];
    if (word === undefined) return false;
    if (t === last && /(^|[^\\])\*$/.test(token)) {
      // After a letter or digit the word must end or break (`diff*`); after `:` or `-` it may go on (`test:*`).
      const stem = token.slice(0, -1);
      const rest = /[A-Za-z0-9]$/.test(stem) ? '(?:[^A-Za-z0-9][\\s\\S]*)?' : '[\\s\\S]*';
      return new RegExp(`^${wordGlob(stem)}${rest}$`).test(word);
    }
    if (!new RegExp(`^${wordGlob(token)}$`).test(word)) return false;
  }
  return words.length === tokens.length;
}

/** Splits a pattern at unescaped spaces, keeping backslashes for wordGlob to read. */
function splitPattern(pattern: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      current += ch + pattern[++i];
    } else if (/\s/.test(ch)) {
      if (current !== '') tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/** A regular expression source for one word of a pattern: `*` any run, `?` one character, `\` escapes. */
function wordGlob(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i]!;
    if (ch === '\\' && i + 1 < token.length) out += escapeRegExp(token[++i]!);
    else if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += escapeRegExp(ch);
  }
  return out;
}

function escapeRegExp(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
