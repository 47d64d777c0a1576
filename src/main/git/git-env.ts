/** Variables outside the GIT_ prefix that make git start another program. */
const programVariables = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

/**
 * The environment for a git child process: the user's, minus anything that points git
 * at other programs or config, never prompting on a terminal nobody is watching, and taking
 * no optional locks: a status Weft runs in the background must not hold index.lock while a
 * commit or merge (Weft's or the user's own in a terminal) needs it, which fails the other
 * with "index.lock: File exists".
 *
 * Paths are literal (`:(top)x`, `*` and `:!x` are file names, never pathspec magic that
 * would widen an operation past the project), and the editor is `:`, which git treats as
 * "no editor": nobody could answer one, and `core.editor` would otherwise name a program.
 * An empty GIT_ASKPASS stops git falling back to `core.askPass` from the repository's config.
 */
export function gitEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const lower = key.toLowerCase();
    if (value !== undefined && !lower.startsWith('git_') && !programVariables.has(lower)) out[key] = value;
  }
  out.GIT_TERMINAL_PROMPT = '0';
  out.GIT_OPTIONAL_LOCKS = '0';
  out.GIT_LITERAL_PATHSPECS = '1';
  out.GIT_EDITOR = ':';
  out.GIT_SEQUENCE_EDITOR = ':';
  out.GIT_ASKPASS = '';
  return out;
}
