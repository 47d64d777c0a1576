/** Variables outside the GIT_ prefix that make git start another program. */
const programVariables = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

/** GIT_ variables Weft sets itself, named to simple-git's environment guard. */
export const allowedGitVariables = ['GIT_TERMINAL_PROMPT', 'GIT_OPTIONAL_LOCKS'] as const;

/**
 * The environment for a git child process: the user's, minus anything that points git
 * at other programs or config (simple-git refuses those unless allowed by name), never
 * prompting on a terminal nobody is watching, and taking no optional locks: a status Weft
 * runs in the background must not hold index.lock while a commit or merge (Weft's or the
 * user's own in a terminal) needs it, which fails the other with "index.lock: File exists".
 */
export function gitEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const lower = key.toLowerCase();
    if (value !== undefined && !lower.startsWith('git_') && !programVariables.has(lower)) out[key] = value;
  }
  out.GIT_TERMINAL_PROMPT = '0';
  out.GIT_OPTIONAL_LOCKS = '0';
  return out;
}
