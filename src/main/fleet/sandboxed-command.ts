import type { RunResult } from '../../shared/domain/terminal';
import { WeftError } from '../../shared/ipc/errors';
import type { SandboxService } from '../sandbox/sandbox-service';
import type { CommandRunner, RunSpec } from '../terminal/runner';
import type { CheckResult, RunCheck } from './git/check-process';

/** Runs a shell command confined to `root` (see ConfinedRunner), the project's hosts reachable. */
export type ConfinedRun = (
  spec: RunSpec,
  where: { root: string; projectId: string; extraHosts?: readonly string[] },
) => Promise<RunResult>;

const OUTPUT_TAIL = 64_000;

/**
 * Like ConfinedRunner (workflow shell steps): one sandbox per command, the worktree its only
 * writable folder, the project's allowed hosts reachable, plus the hosts environment.json
 * declares for its setup command.
 */
export function confinedRun(
  runner: Pick<CommandRunner, 'run'>,
  sandbox: Pick<SandboxService, 'open'>,
  allowedHosts: (projectId: string) => readonly string[],
): ConfinedRun {
  return async (spec, where) => {
    const session = await sandbox.open({
      writable: [where.root],
      allowedHosts: () => [...allowedHosts(where.projectId), ...(where.extraHosts ?? [])],
      onViolation: (violation) =>
        spec.onOutput?.(
          'stderr',
          violation.kind === 'write'
            ? `[Weft sandbox] a write outside the worktree was stopped: ${violation.target}\n`
            : `[Weft sandbox] a connection to ${violation.target} was stopped (not an allowed host)\n`,
        ),
    });
    try {
      const result = await runner.run({ ...spec, confinement: session });
      if (session.sandboxed) return result;
      return {
        ...result,
        stderr: `[Weft sandbox] not sandboxed: ${session.reason ?? 'no sandbox is available.'}\n${result.stderr}`,
      };
    } finally {
      await session.close();
    }
  };
}

/** stdout then stderr, as a person reads a failed command's output. */
export function outputOf(result: RunResult): string {
  const both = [result.stdout, result.stderr].filter((s) => s.length > 0).join('\n');
  return both.length > OUTPUT_TAIL ? both.slice(-OUTPUT_TAIL) : both;
}

/**
 * A shell command of the project (check or setup) in a task's worktree, through the sandbox,
 * killed with its whole process tree at `timeoutMs`; refused outright in a folder the user has
 * not trusted, since it is the repository's own code that runs.
 */
export async function runProjectCommand(
  run: ConfinedRun,
  input: {
    projectId: string;
    trusted: boolean;
    command: string;
    cwd: string;
    env: Readonly<Record<string, string>>;
    timeoutMs: number;
    signal?: AbortSignal;
    extraHosts?: readonly string[];
  },
): Promise<CheckResult> {
  if (!input.trusted)
    throw new WeftError(
      'folder_untrusted',
      'This folder is not trusted, so its commands (the check and the environment setup) do not run. Trust it first.',
    );
  const result = await run(
    {
      command: { shell: input.command },
      cwd: input.cwd,
      env: input.env,
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      capTail: OUTPUT_TAIL,
    },
    { root: input.cwd, projectId: input.projectId, extraHosts: input.extraHosts },
  );
  const note = result.timedOut
    ? `\n[Weft stopped the command after ${Math.round(input.timeoutMs / 1000)} s: it did not finish in time]`
    : '';
  return {
    ok: result.exitCode === 0 && !result.timedOut && !result.cancelled,
    output: outputOf(result) + note,
    timedOut: result.timedOut,
  };
}

/** The merge queue's RunCheck for a project: the same sandboxed check as validation. */
export function sandboxedCheck(
  run: ConfinedRun,
  input: { projectId: string; trusted: () => boolean; command: () => string | null; timeoutMs: () => number },
): RunCheck {
  return async (cwd, signal) => {
    const command = input.command();
    if (command === null) return { ok: true, output: 'No check command is set; nothing was run.', timedOut: false };
    return runProjectCommand(run, {
      projectId: input.projectId,
      trusted: input.trusted(),
      command,
      cwd,
      env: {},
      timeoutMs: input.timeoutMs(),
      signal,
    });
  };
}
