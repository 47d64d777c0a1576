import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { RunEntry } from '../../shared/domain/agent';
import type { PathFlavour } from '../files/path-rules';
import type { ShellExecutor } from '../mcp/tool-set';
import type { AgentServiceDeps } from './agent-service';
import type { Approvals } from './approvals';
import type { RunJournal } from './journal';
import { runLoop, type LoopOutcome } from './loop';
import { decide, defaultAllowCommands, needsChangedFiles } from './policy/policy';
import { applyPreset, presetAllowsAll } from './policy/preset';
import { ShellParser } from './policy/shell-parser';
import { projectInstructions, systemPrompt } from './prompt';
import { RunChanges } from './run-changed-files';
import { approvalSubject } from './subject';
import type { SandboxSession } from '../sandbox/sandbox-service';
import type { ApprovalPreset } from '../../shared/domain/tasks';

/** What a run's owner (a board task) sets for it beyond the run's row. */
export interface RunOptions {
  /** The task profile's preset; null: the agent settings alone decide. */
  readonly approval: ApprovalPreset | null;
  /** Variables every command of the run gets (the task's environment and ports). */
  readonly env: Readonly<Record<string, string>>;
}

const OUTPUT_CAP = 30_000;
const SHELL_TIMEOUT_MS = 10 * 60_000;
/** Distinct denied writes, and connections, listed in a run's timeline (each). */
const MAX_VIOLATIONS_SHOWN = 20;

/**
 * Drives one run: opens its tools, builds the system prompt, wires the loop to the model, the
 * policy, approval cards, the audit table and checkpoints, and journals how the run ended.
 */
export class RunDriver {
  constructor(
    private readonly deps: AgentServiceDeps,
    private readonly approvals: Approvals,
    private readonly flavour: PathFlavour,
    private readonly now: () => number,
  ) {}

  /** Runs the loop for one run until it ends, and records how it ended. */
  async drive(journal: RunJournal, signal: AbortSignal, options: RunOptions): Promise<void> {
    const runId = journal.runId;
    const row = journal.row();
    const worktree = row.worktree!;
    journal.update({ status: 'running', ownerPid: process.pid });
    let outcome: LoopOutcome;
    const sandbox = await this.openSandbox(journal, row.projectId, worktree);
    const trusted = this.deps.isTrusted(row.projectId);
    const tools = await this.deps.tools
      .open({
        projectId: row.projectId,
        root: worktree,
        shell: this.shell(row, signal, sandbox, options.env),
        signal,
        confinement: sandbox,
      })
      .catch((error: unknown) => error as Error);
    if (tools instanceof Error) {
      outcome = {
        status: 'failed',
        message: `The tools could not start: ${tools.message}`,
        error: { code: 'mcp_server_failed', message: tools.message },
      };
    } else {
      try {
        const { view, modelInfo } = this.deps.providers.resolve(row.providerId);
        const contextLength = modelInfo[row.model]?.contextLength ?? (view.local ? 16_384 : 128_000);
        // A workflow may run an agent step in the repository itself (`weft run --in-place`).
        const isWorktree = await this.deps.workspaces.exists(worktree);
        // Loaded before the first call, so the policy reads commands synchronously.
        const shellParser = await ShellParser.load();
        const changes = new RunChanges(worktree, row.baseCommit);
        const system = systemPrompt({
          projectName: basename(this.deps.projectRoot(row.projectId)),
          branch: row.branch,
          instructions: await projectInstructions(worktree),
        });
        outcome = await runLoop({
          journal,
          tools,
          system,
          contextTokens: Math.floor(contextLength * 0.8),
          maxSteps: row.maxSteps,
          outputCap: OUTPUT_CAP,
          signal,
          callModel: (request, onText, s) =>
            this.deps.models.complete(
              row.providerId,
              { ...request, model: row.model },
              {
                purpose: 'agent',
                attribution: { projectId: row.projectId, runId },
                budgets: row.budgetUsd !== null ? [{ scope: 'run', id: runId, maxCostUsd: row.budgetUsd }] : [],
                cache: 'off',
                signal: s,
                onEvent: (e) => {
                  if (e.type === 'text') onText(e.delta);
                },
                // Each retry shows in the timeline as it happens, not only in the log.
                onRetry: ({ attempt, maxAttempts, delayMs, reason }) =>
                  journal.add({
                    kind: 'status',
                    status: 'running',
                    message: `Attempt ${attempt} of ${maxAttempts} failed: ${reason} Trying again in ${Math.max(1, Math.round(delayMs / 1000))} s.`,
                  }),
              },
            ),
          decide: async (tool, args) => {
            // Listed per call that runs a script runner: the previous call may have edited package.json.
            const changedFiles = needsChangedFiles(tool, args, shellParser)
              ? await changes.current()
              : new Set<string>();
            const decided = decide(tool, args, {
              root: worktree,
              isWorktree,
              // Read per call: an "always allow" answer or a rule edited mid-run applies at once.
              rules: this.deps.repo.rules(row.projectId),
              allowCommands: defaultAllowCommands,
              flavour: this.flavour,
              shell: shellParser,
              changedFiles,
              // wired by the sandbox/trust work
              sandboxed: sandbox.sandboxed,
              trusted,
              // Read per call, like the rules: switching it off mid-run applies at once.
              allowAll: presetAllowsAll(options.approval, trusted, this.deps.settings().agent.approveAllWhenSandboxed),
            });
            const decision = applyPreset(options.approval, tool, decided);
            if (decision.action !== 'ask' || !this.deps.unattended) return decision;
            return {
              ...decision,
              action: 'deny',
              reason: `${decision.reason} Nobody can approve it in a headless run; an allow rule for the project lets it run.`,
            };
          },
          subjectOf: (tool, args, decision) => approvalSubject(worktree, tool, args, decision, row.baseCommit),
          askUser: (card) => {
            const { approvalId, answer } = this.approvals.open(runId, signal);
            const entry = journal.add({ kind: 'approval', approvalId, ...card, decision: null });
            this.approvals.attach(runId, approvalId, entry as Extract<RunEntry, { kind: 'approval' }>);
            // A changed package.json the person saw and allowed does not ask again until it changes.
            const shown = card.subject.kind === 'command' ? (card.subject.definitions ?? []) : [];
            if (shown.length === 0) return answer;
            return answer.then(async (decision) => {
              if (decision !== 'deny') await changes.allow(shown.map((d) => d.path));
              return decision;
            });
          },
          audit: (tool, decision) => {
            if (decision.action === 'ask') return;
            this.deps.repo.audit({
              at: this.now(),
              projectId: row.projectId,
              runId,
              tool: tool.name,
              subject: decision.subject,
              decision: decision.action,
              decidedBy: 'policy',
              reason: decision.reason,
            });
          },
          checkpoint: async (step, summary) => {
            if (!isWorktree) return;
            const made = await this.deps.workspaces.checkpoint({ path: worktree, message: `Step ${step}: ${summary}` });
            if (!made) return;
            const cp = {
              id: randomBytes(6).toString('hex'),
              runId,
              step,
              commit: made.commit,
              message: summary,
              files: made.files,
              createdAt: this.now(),
            };
            this.deps.repo.insertCheckpoint(cp);
            journal.add({
              kind: 'checkpoint',
              checkpointId: cp.id,
              step,
              commit: cp.commit,
              message: summary,
              files: cp.files,
            });
          },
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = { status: 'failed', message, error: { code: 'internal', message } };
      } finally {
        await tools
          .close()
          .catch((error: unknown) => this.deps.log.warn({ err: error, runId }, 'closing tools failed'));
      }
    }
    await sandbox
      .close()
      .catch((error: unknown) => this.deps.log.warn({ err: error, runId }, 'closing the sandbox failed'));
    journal.update({
      status: outcome.status,
      errorCode: outcome.error?.code ?? null,
      errorMessage: outcome.error?.message ?? null,
      ownerPid: null,
    });
    journal.add({ kind: 'status', status: outcome.status, message: outcome.message });
    this.deps.log.info({ runId, status: outcome.status }, 'agent run ended');
  }

  /**
   * The run's sandbox: its worktree is the only writable place. Whether it is confined is the
   * first thing the timeline says, and each write or connection it stops is said after.
   */
  private async openSandbox(journal: RunJournal, projectId: string, worktree: string): Promise<SandboxSession> {
    const seen = new Set<string>();
    const shown = { write: 0, connect: 0 };
    const session = await this.deps.sandbox.open({
      writable: [worktree],
      readable: [this.deps.projectRoot(projectId)],
      allowedHosts: () => this.deps.allowedHosts?.(projectId) ?? [],
      onViolation: (violation) => {
        const key = `${violation.kind}:${violation.target}`;
        if (seen.has(key)) return;
        seen.add(key);
        // A command that loops on a denied write must not flood the timeline (nor hide the
        // connections behind the writes: each kind has its own allowance).
        const count = ++shown[violation.kind];
        if (count > MAX_VIOLATIONS_SHOWN) {
          if (count === MAX_VIOLATIONS_SHOWN + 1) {
            journal.add({
              kind: 'sandbox',
              event: 'denied',
              message: `The sandbox stopped more ${violation.kind === 'write' ? 'writes' : 'connections'}; only the first ${MAX_VIOLATIONS_SHOWN} are listed.`,
              violation: null,
            });
          }
          return;
        }
        journal.add({
          kind: 'sandbox',
          event: 'denied',
          message:
            violation.kind === 'write'
              ? 'The sandbox stopped a write outside the run’s worktree:'
              : 'The sandbox stopped a connection to a host this project does not allow:',
          violation,
        });
      },
    });
    journal.add(
      session.sandboxed
        ? {
            kind: 'sandbox',
            event: 'on',
            message: `Commands run sandboxed (${session.mechanism === 'seatbelt' ? 'Seatbelt' : 'bubblewrap'}): only the run’s worktree is writable, your credentials are hidden, and the network is limited to the project’s allowed hosts.`,
            violation: null,
          }
        : {
            kind: 'sandbox',
            event: 'off',
            message: `Commands are not sandboxed: ${session.reason ?? 'no sandbox is available.'} Every command asks first.`,
            violation: null,
          },
    );
    return session;
  }

  /** Shell commands of a run show up as read-only terminal tabs, confined to the worktree. */
  private shell(
    row: { id: string; projectId: string; worktree: string | null },
    runSignal: AbortSignal,
    sandbox: SandboxSession,
    env: Readonly<Record<string, string>>,
  ): ShellExecutor {
    return {
      run: async ({ command, cwd, timeoutMs, signal }) => {
        const both = AbortSignal.any([signal, runSignal]);
        const { result } = await this.deps.terminals.run({
          projectId: row.projectId,
          title: `Agent: ${command.length > 60 ? `${command.slice(0, 59)}…` : command}`,
          command: { shell: command },
          root: row.worktree!,
          cwd,
          ...(Object.keys(env).length > 0 ? { env } : {}),
          timeoutMs: Math.min(timeoutMs, SHELL_TIMEOUT_MS),
          signal: both,
          confinement: sandbox,
        });
        const r = await result;
        const output = [r.stdout, r.stderr].filter((s) => s.length > 0).join('\n');
        return { exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, output };
      },
    };
  }
}

/** One line of a workflow node's log for a timeline entry worth mentioning. */
export function logLine(entry: RunEntry): string | null {
  switch (entry.kind) {
    case 'tool':
      return entry.state === 'running' || entry.state === 'pending' || entry.state === 'awaiting_approval'
        ? null
        : `${entry.tool} ${entry.state}`;
    case 'approval':
      return entry.decision === null ? `waiting for approval: ${entry.tool}` : null;
    case 'checkpoint':
      return `checkpoint after step ${entry.step}: ${entry.files.length} file(s) changed`;
    case 'status':
      return entry.message;
    default:
      return null;
  }
}
