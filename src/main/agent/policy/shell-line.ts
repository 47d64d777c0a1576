// The model of a parsed command line that the policy judges: simple commands, their words and
// what the shell would expand in them. Produced by ShellParser (shell-parser.ts).

/** One word as the shell would see it, with what the policy cannot know about it. */
export interface ShellWord {
  /** The source text, quotes included. */
  readonly source: string;
  /** The word after quote removal when nothing in it expands; null when it depends on the run. */
  readonly value: string | null;
  /** Unquoted `*`, `?` or `[`: the shell may turn it into other names, `..` included. */
  readonly glob: boolean;
  /** Unquoted `{a,b}` or `{1..3}`. */
  readonly brace: boolean;
  /** Unquoted leading `~`: a home folder. */
  readonly tilde: boolean;
  /** `$VAR`, `${…}`, `$((…))`, or a `$'…'` string whose escapes are not decoded here. */
  readonly variable: boolean;
  /** `$(…)`, backticks or `<(…)` / `>(…)` anywhere in the word, double quotes included. */
  readonly substitution: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `>&`, `<<`, `<<<`, … */
  readonly operator: string;
  readonly fd: string | null;
  readonly target: ShellWord | null;
  readonly heredoc: boolean;
}

/** One program run with its arguments, as far as the line shows it. */
export interface SimpleCommand {
  readonly program: ShellWord | null;
  readonly args: readonly ShellWord[];
  /** `FOO=bar` before the program (or alone on the line). */
  readonly assignments: readonly { readonly name: string; readonly value: ShellWord | null }[];
  readonly redirects: readonly ShellRedirect[];
  /** Inside `$(…)`, backticks or `<(…)` rather than at the top of the line. */
  readonly nested: boolean;
  readonly source: string;
}

/** What the policy needs to know about a whole line. */
export interface ParsedLine {
  /** Every simple command, those inside substitutions and control flow included, in source order. */
  readonly commands: readonly SimpleCommand[];
  /** More than one command runs: lists, pipelines, subshells, `&`, control flow, several lines. */
  readonly compound: boolean;
  /** `if`, `for`, `while`, `case`, functions, `[[ ]]`…: not a plain list of commands. */
  readonly controlFlow: boolean;
  readonly substitution: boolean;
  readonly variables: boolean;
  readonly globs: boolean;
  readonly redirects: boolean;
  readonly heredoc: boolean;
  /** A downloader's output reaches a shell or interpreter (`curl … | sh`, `bash <(curl …)`). */
  readonly downloadsAndRuns: boolean;
  /** The grammar could not read all of it (an ERROR or MISSING node). */
  readonly error: boolean;
}

export const downloaders = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'lynx', 'links']);
/** Programs that run what they are fed: shells, interpreters and `source`. */
export const interpreters = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'fish',
  'csh',
  'tcsh',
  'ash',
  'busybox',
  'python',
  'python2',
  'python3',
  'node',
  'deno',
  'bun',
  'perl',
  'ruby',
  'php',
  'lua',
  'Rscript',
  'osascript',
  'pwsh',
  'powershell',
  'source',
  '.',
  'eval',
  'exec',
  'xargs',
  'sudo',
  'env',
]);

/** The program's name when the word names a program the shell finds on PATH, not a path to one. */
export function bareProgram(word: ShellWord | null): string | null {
  if (!word || word.value === null || word.glob || word.brace || word.tilde) return null;
  return word.value.includes('/') || word.value.includes('\\') ? null : word.value;
}
