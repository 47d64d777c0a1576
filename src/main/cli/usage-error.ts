/** A mistake in the command line, shown as one line with exit code 2. */
export class UsageError extends Error {}

/**
 * node:util parseArgs's complaint in Weft's words: its unknown-option text advises `--` for
 * positionals, which misleads someone who mistyped a flag; the way out is the command's help.
 */
export function parseArgsMistake(error: unknown, command: string): UsageError {
  const { code, message } = error as { code?: string; message: string };
  const help = `Run "weft ${command} --help" for its options.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? '';
    return new UsageError(`Unknown option "${option}" for weft ${command}. ${help}`);
  }
  return new UsageError(`${message} ${help}`);
}
