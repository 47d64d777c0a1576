import { WeftError } from '../../shared/ipc/errors';
import type { Confinement } from '../terminal/confinement';
import type { CommandRunner } from '../terminal/runner';
import type { ShellExecutor } from './tool-set';

/**
 * A ShellExecutor on the invisible CommandRunner (the standalone `weft mcp shell`, tests). The
 * app's runs use a visible terminal tab instead. `refusal` answers why a command may not run
 * (null: it may), checked before anything starts.
 */
export function runnerShell(
  runner: CommandRunner,
  options: {
    refusal?: (command: string, cwd: string) => string | null | Promise<string | null>;
    /** Runs each command inside this confinement (the OS sandbox). */
    confinement?: Confinement;
  } = {},
): ShellExecutor {
  return {
    async run({ command, cwd, timeoutMs, signal }) {
      const refused = (await options.refusal?.(command, cwd)) ?? null;
      if (refused !== null) throw new WeftError('policy_denied', refused);
      const result = await runner.run({
        command: { shell: command },
        cwd,
        timeoutMs,
        signal,
        confinement: options.confinement,
      });
      const parts = [result.stdout.replace(/\s+$/, ''), result.stderr.replace(/\s+$/, '')].filter(Boolean);
      return {
        exitCode: result.exitCode,
        signal: result.signal,
        timedOut: result.timedOut,
        output: parts.join('\n'),
      };
    },
  };
}
