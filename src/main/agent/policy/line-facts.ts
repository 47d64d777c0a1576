// What a parsed command line does that no allow list or rule pattern can vouch for, in the words
// an approval card shows, and the paths it names outside the project.
import type { PathFlavour } from '../../files/path-rules';
import { commandWords } from './allow-list';
import { usesNetwork } from './command';
import { lexicalResolve, mayExpandOutside, pathsOutside } from './paths';
import { runsOtherPrograms } from './program-options';
import type { ParsedLine, ShellRedirect, ShellWord } from './shell-line';

/** Every word of the line that may name a path: arguments, assignment values and redirection targets. */
function allWords(line: ParsedLine): ShellWord[] {
  return line.commands.flatMap((c) => [
    ...(c.program ? [c.program] : []),
    ...c.args,
    ...c.assignments.flatMap((a) => (a.value ? [a.value] : [])),
    ...c.redirects.flatMap((r) => (r.target ? [r.target] : [])),
  ]);
}

/** Words that lexically name a path outside the project (absolute, `~`, or climbing out with `..`). */
export function outsidePaths(line: ParsedLine, root: string, cwd: string, flavour: PathFlavour): string[] {
  const words = allWords(line).map((w) => w.value ?? w.source);
  return pathsOutside(words, root, lexicalResolve(root, cwd, flavour), flavour);
}

/** Redirections that cannot change a file: duplicating or closing a descriptor, or writing to /dev/null. */
function harmless(r: ShellRedirect): boolean {
  if (r.heredoc) return false;
  const target = r.target?.value ?? null;
  if (target === null) return false;
  // `>&1` duplicates a descriptor, but `&>1` writes a file named 1.
  if ((r.operator === '>&' || r.operator === '<&') && /^(\d+|-)$/.test(target)) return true;
  return target === '/dev/null' && /^(>|>>|&>|&>>|>\||<)$/.test(r.operator);
}

/**
 * Why a person must see the line even when a pattern or the allow list matches it, most serious
 * first; empty when nothing stands out.
 */
export function commandConcerns(line: ParsedLine, cwd: string): string[] {
  const concerns: string[] = [];
  if (line.error) concerns.push('Weft could not read the whole command, so it cannot tell what it runs.');
  if (line.downloadsAndRuns) concerns.push('the command downloads a script and runs it.');
  if (line.commands.some((c) => usesNetwork(commandWords(c)))) concerns.push('the command may use the network.');
  if (line.controlFlow) concerns.push('the command uses shell control flow (if, for, while, functions).');
  else if (line.compound) concerns.push('the command chains, pipes or runs several commands.');
  if (line.substitution) concerns.push('the command runs another command inside $(…), backticks or <(…).');
  if (line.variables) concerns.push('the command expands variables, which may name anything.');
  if (line.heredoc) concerns.push('the command feeds a here-document to a program.');
  else if (line.commands.some((c) => c.redirects.some((r) => !harmless(r))))
    concerns.push('the command redirects input or output to files.');
  if (line.commands.some((c) => c.program === null && c.assignments.length === 0))
    concerns.push('the command redirects a group of commands.');
  const vague = allWords(line).filter(mayExpandOutside);
  if (vague.length > 0)
    concerns.push(`the shell may expand ${vague.map((w) => w.source).join(', ')} to paths outside the project.`);
  const tilde = allWords(line).filter((w) => w.tilde);
  if (tilde.length > 0) concerns.push(`${tilde[0]!.source} names a home folder.`);
  const relative = cwd === '' ? '.' : cwd;
  for (const c of line.commands) {
    if (c.program !== null && c.program.value === null)
      concerns.push(`the program ${c.program.source} is chosen when the command runs.`);
    for (const why of runsOtherPrograms(c, relative)) concerns.push(`${why}.`);
  }
  return concerns.filter((c, i) => concerns.indexOf(c) === i);
}
