import { WeftError } from '../../shared/ipc/errors';
import type { CommandRunner } from '../terminal/runner';
import type { ShellExecutor } from './tool-set';

/**
 * A ShellExecutor on the invisible CommandRunner (the standalone `weft mcp shell`, tests). The
 * app's runs use a visible terminal tab instead. `allow` false refuses every command: with no
 * one to ask, nothing may run that would need approval.
 */
export function runnerShell(runner: CommandRunner, options: { allow: boolean }): ShellExecutor {
  return {
    async run({ command, cwd, timeoutMs, signal }) {
      if (!options.allow) {
        throw new WeftError(
          'policy_denied',
          'Refused: this shell server was started without --allow-shell, so it runs no commands (nobody is there to approve them). Restart it with --allow-shell to let it run commands in its root.',
        );
      }
      const result = await runner.run({ command: { shell: command }, cwd, timeoutMs, signal });
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
