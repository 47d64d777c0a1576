import type { RunResult } from '../../shared/domain/terminal';
import type { CommandRunner, RunSpec } from '../terminal/runner';
import type { SandboxService } from './sandbox-service';

/**
 * The command runner of workflow steps: each command runs in a sandbox of its own whose only
 * writable folder is the step's worktree (or, when no root is named, its working folder).
 * A sandbox per command costs a temp folder and a proxy socket, ~1 ms.
 */
export class ConfinedRunner {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sandbox: Pick<SandboxService, 'open'>,
    private readonly allowedHosts: (projectId: string) => readonly string[] = () => [],
  ) {}

  async run(spec: RunSpec, where?: { readonly root: string; readonly projectId: string }): Promise<RunResult> {
    const session = await this.sandbox.open({
      writable: [where?.root ?? spec.cwd],
      allowedHosts: () => (where ? this.allowedHosts(where.projectId) : []),
      onViolation: (violation) =>
        spec.onOutput?.(
          'stderr',
          violation.kind === 'write'
            ? `[Weft sandbox] a write outside the worktree was stopped: ${violation.target}\n`
            : `[Weft sandbox] a connection to ${violation.target} was stopped (not an allowed host)\n`,
        ),
    });
    try {
      if (!session.sandboxed) {
        spec.onOutput?.('stderr', `[Weft sandbox] not sandboxed: ${session.reason ?? 'no sandbox is available.'}\n`);
      }
      return await this.runner.run({ ...spec, confinement: session });
    } finally {
      await session.close();
    }
  }
}
