import { createInterface } from 'node:readline/promises';
import type { WorkflowEvent, WorkflowRunView } from '../../shared/workflow/run';
import { Backend } from '../index';
import { defaultDataDir } from '../paths';
import type { WorkflowService } from '../workflow/workflow-service';
import { scrubProcessOutput } from './scrubbed-output';
import { formatOutputs } from './workflow-outputs';
import { WorkflowProgress } from './workflow-progress';
import type { RunArgs, RunsArgs } from './workflow-args';
import { openRepo, runNamed, startMistake } from './workflow-mistakes';

/** Exit codes: 0 completed, 1 failed or interrupted, 130 cancelled (as a shell reports Ctrl-C). */
export const exitCodes = { completed: 0, failed: 1, interrupted: 1, cancelled: 130 } as const;
/** Weft's own database is damaged (`db_corrupt`): nothing was run or recorded. */
export const exitCodeDbCorrupt = 3;

function table(runs: readonly WorkflowRunView[]): string {
  const rows = runs.map((r) => [
    r.id,
    r.workflow,
    r.status,
    new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 19),
    `${(((r.finishedAt ?? Date.now()) - r.createdAt) / 1000).toFixed(1)}s`,
    r.costUsd === null ? 'unpriced' : r.inputTokens + r.outputTokens === 0 ? '-' : `$${r.costUsd.toFixed(4)}`,
  ]);
  const head = ['RUN', 'WORKFLOW', 'STATUS', 'STARTED (UTC)', 'TOOK', 'COST'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return (
    [head, ...rows]
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `weft run` and `weft runs …`: a backend without a window, a WorkflowService, and the terminal. */
export async function workflowCommand(args: RunArgs | RunsArgs): Promise<number> {
  const dataDir = args.dataDir ?? defaultDataDir();
  const inPlace = args.command === 'run' && args.inPlace;
  const listeners = new Set<(runId: string, event: WorkflowEvent) => void>();
  // The same backend as the app's (worktrees, agent runs, MCP tools), so each can resume the other's runs.
  const backend = Backend.create({
    dataDir,
    host: { kind: 'browser', dropFolders: false },
    unattended: true,
    workflowsInPlace: inPlace,
    onWorkflowEvents: (batch) => {
      for (const event of batch) for (const listener of listeners) listener(event.runId, event);
    },
  });
  // Never restored: the error line printed after dispose goes through it too.
  scrubProcessOutput(backend.logs.secrets);
  const service = backend.workflows;
  try {
    if (args.command === 'runs' && args.action === 'list') {
      const projectId = args.repo ? await openRepo(backend.projects, args.repo) : null;
      const runs = service.runs(projectId);
      process.stdout.write(args.json ? runs.map((r) => `${JSON.stringify(r)}\n`).join('') : table(runs));
      return 0;
    }
    if (args.command === 'runs' && args.action === 'show') {
      const run = runNamed(service, args.id!);
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ ...run, events: service.events(run.id) })}\n`);
        return 0;
      }
      process.stdout.write(table([run]));
      const progress = new WorkflowProgress('lines', process.stdout, 0);
      for (const event of service.events(run.id)) progress.event(run.id, event);
      return 0;
    }
    let runId: string;
    if (args.command === 'run') {
      // Naming the folder on the command line is the user's decision to run its workflow.
      const projectId = await openRepo(backend.projects, args.repo, { trustForSession: true });
      runId = await service.start(projectId, args.workflow, args.inputs).catch(async (error: unknown) => {
        throw await startMistake(error, service, projectId, args.workflow, args.repo, args.inPlace);
      });
    } else {
      runId = args.id!;
      backend.projects.trustForSession(runNamed(service, runId).projectId);
      await service.resume(runId);
    }
    return await follow(service, runId, args, listeners);
  } finally {
    await backend.dispose();
  }
}

/** Shows a live run until it ends; Ctrl-C cancels it (twice: quit at once). Returns the exit code. */
async function follow(
  service: WorkflowService,
  runId: string,
  args: { json: boolean; yes: boolean },
  listeners: Set<(runId: string, event: WorkflowEvent) => void>,
): Promise<number> {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const progress = new WorkflowProgress(
    args.json ? 'json' : process.stderr.isTTY ? 'bar' : 'lines',
    args.json ? process.stdout : process.stderr,
    service.definitionOf(runId).nodes.length,
  );
  const answer = async (node: string, message: string): Promise<void> => {
    if (args.yes) return service.approve(runId, node, { approved: true, comment: 'approved with --yes' });
    if (!interactive) {
      return service.approve(runId, node, {
        approved: false,
        comment: 'nobody could approve from a non-interactive terminal (use --yes)',
      });
    }
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const reply = await prompt.question(`Approve ${node}? ${message} [y/N] `);
      service.approve(runId, node, { approved: /^y(es)?$/i.test(reply.trim()) });
    } finally {
      prompt.close();
    }
  };
  const out = args.json ? process.stdout : process.stderr;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') progress.mute();
  });
  listeners.add((id, event) => {
    if (id !== runId) return;
    progress.event(id, event);
    if (event.type === 'node.waiting') {
      answer(event.node, event.message).catch(() => undefined);
    }
  });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(exitCodes.cancelled);
    process.stderr.write('\nCancelling… (press Ctrl-C again to quit at once)\n');
    try {
      service.cancel(runId);
    } catch {
      // Already over.
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const outcome = await service.wait(runId);
    const run = service.get(runId);
    progress.finish(outcome, run, run.root !== run.repo ? `weft/${runId}` : null);
    // `--json` already carried them in run.completed; the machine output stays one event a line.
    if (!args.json && outcome?.status === 'completed') writeQuietly(process.stdout, formatOutputs(outcome.outputs));
    return exitCodes[outcome?.status ?? 'interrupted'];
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

/** Writes unless the reader went away (`weft run x | head -1`): the run's exit code still counts. */
function writeQuietly(stream: NodeJS.WriteStream, text: string): void {
  if (!text) return;
  stream.on('error', () => undefined);
  stream.write(text);
}
