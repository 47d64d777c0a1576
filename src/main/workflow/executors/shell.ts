import { stat } from 'node:fs/promises';
import type { RunResult } from '../../../shared/domain/terminal';
import { PathGuard } from '../../files/path-guard';
import type { RunSpec } from '../../terminal/runner';
import {
  NodeFailure,
  type ExecutionContext,
  type NodeExecutor,
  type NodeResult,
  type ResolvedInput,
} from '../core/types';

/**
 * What `shell` steps need of the command runner: a ConfinedRunner in the app, which runs each
 * command in the OS sandbox with `where.root` (the step's worktree) as the only writable folder.
 */
export interface ShellRunner {
  run(spec: RunSpec, where?: { readonly root: string; readonly projectId: string }): Promise<RunResult>;
}

/** Where a step runs: the run's worktree, or one of its own (`"workspace": "own"`). */
export type RootFor = (context: ExecutionContext, workspace: 'run' | 'own') => Promise<string>;

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

/** Runs `shell` steps through the command runner, in a folder checked to lie inside the worktree. */
export class ShellStepExecutor implements NodeExecutor<'shell'> {
  constructor(
    private readonly runner: ShellRunner,
    private readonly rootFor: RootFor,
  ) {}

  async execute(input: ResolvedInput<'shell'>, context: ExecutionContext): Promise<NodeResult> {
    const root = await this.rootFor(context, input.workspace);
    const cwd = await new PathGuard(root).resolve(input.cwd ?? '.');
    const info = await stat(cwd).catch(() => null);
    if (!info?.isDirectory())
      throw new NodeFailure('invalid_input', `The folder ${input.cwd} does not exist in the worktree.`, false);
    const result = await this.runner.run(
      {
        command: input.command,
        cwd,
        ...(input.env ? { env: input.env } : {}),
        signal: context.signal,
        onOutput: (stream, data) => context.log(data, stream),
      },
      { root, projectId: context.projectId },
    );
    if (result.cancelled) throw new NodeFailure('cancelled', 'The command was cancelled.', false);
    const output = {
      exitCode: result.exitCode,
      signal: result.signal,
      stdout: result.stdout,
      stderr: result.stderr,
      truncated: result.truncated,
    };
    if (result.exitCode !== 0 && !input.allowFailure) {
      const why =
        result.exitCode === null
          ? `was ended by ${result.signal ?? 'a signal'}`
          : `exited with code ${result.exitCode}`;
      const detail = lastLine(result.stderr) || lastLine(result.stdout);
      throw new NodeFailure('exit_code', `The command ${why}${detail ? `: ${detail}` : '.'}`);
    }
    return { output };
  }
}
