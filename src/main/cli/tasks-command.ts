import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Task } from '../../shared/domain/tasks';
import { isWeftError } from '../../shared/ipc/errors';
import { gitText } from '../git/git-process';
import { Backend } from '../index';
import { defaultDataDir } from '../paths';
import { BoardClient } from './board-client';
import { scrubProcessOutput } from './scrubbed-output';
import type { TasksAddArgs, TasksArgs } from './tasks-args';
import { UsageError } from './usage-error';
import { openRepo } from './workflow-mistakes';

/** A backend without a window for one command; the caller disposes it. */
export function cliBackend(dataDir: string | undefined): Backend {
  const backend = Backend.create({
    dataDir: dataDir ?? defaultDataDir(),
    host: { kind: 'browser', dropFolders: false },
    // Nobody is there to answer an agent's question: a call that would ask is denied instead.
    unattended: true,
  });
  scrubProcessOutput(backend.logs.secrets);
  return backend;
}

/** A refusal that names something the command line got wrong becomes a usage mistake (exit 2). */
export function asUsageMistake(error: unknown): unknown {
  if (!isWeftError(error)) return error;
  if (/not_found$/.test(error.code) || /^There is no task /.test(error.message)) {
    return new UsageError(`${error.message} "weft tasks list" shows the tasks and their ids.`);
  }
  if (error.code === 'invalid_input') return new UsageError(error.message);
  return error;
}

export function assigneeText(task: Task): string {
  const a = task.assignee;
  if (!a) return '-';
  return a.kind === 'agent' ? `${a.model.providerId}/${a.model.model}` : `workflow ${a.workflow}`;
}

function table(tasks: readonly Task[]): string {
  const rows = tasks.map((t) => [
    t.id,
    `${t.state}${t.interrupted ? ' (interrupted)' : ''}`,
    `P${t.priority}`,
    t.dependsOn.join(',') || '-',
    assigneeText(t),
    t.title,
  ]);
  const head = ['TASK', 'STATE', 'PRI', 'DEPENDS ON', 'ASSIGNEE', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return (
    [head, ...rows]
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** Oldest first, so ids read in the order they were written. */
const byAge = (a: Task, b: Task) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** `weft tasks add|list|show|cancel`: the board of the repository named by --repo. */
export async function tasksCommand(args: TasksArgs): Promise<number> {
  const backend = cliBackend(args.dataDir);
  const board = new BoardClient(backend);
  try {
    const projectId = await openRepo(backend.projects, args.repo);
    const out = (tasks: readonly Task[]) =>
      process.stdout.write(args.json ? tasks.map((t) => `${JSON.stringify(t)}\n`).join('') : table(tasks));
    switch (args.action) {
      case 'add':
        out(await add(board, projectId, args));
        return 0;
      case 'list':
        out((await board.call('list', { projectId })).sort(byAge));
        return 0;
      case 'show': {
        const detail = await board.call('get', { taskId: args.id! }).catch((e: unknown) => {
          throw asUsageMistake(e);
        });
        if (args.json) {
          process.stdout.write(`${JSON.stringify(detail)}\n`);
          return 0;
        }
        const t = detail.task;
        const lines = [
          table([t]).trimEnd(),
          '',
          ...(t.description ? [t.description, ''] : []),
          `Base branch: ${t.baseBranch}${t.branch ? `; branch ${t.branch}` : ''}${detail.worktreePath ? ` (worktree ${detail.worktreePath})` : ''}`,
          ...(t.labels.length > 0 ? [`Labels: ${t.labels.join(', ')}`] : []),
          ...(t.costUsd !== null && t.costUsd > 0 ? [`Cost: $${t.costUsd.toFixed(4)}`] : []),
          ...(t.failure ? [`Failed (${t.failure.code}): ${t.failure.message}`] : []),
          '',
          'Journal:',
          ...detail.events.map(
            (e) =>
              `  ${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}  ${e.type}${e.from || e.to ? ` ${e.from ?? ''} → ${e.to ?? ''}` : ''}`,
          ),
          ...(detail.checkOutput ? ['', 'Check output:', detail.checkOutput.trimEnd()] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }
      case 'cancel': {
        const task = await board.call('remove', { taskId: args.id! }).catch((e: unknown) => {
          throw asUsageMistake(e);
        });
        out([task]);
        return 0;
      }
    }
  } finally {
    await backend.dispose();
  }
}

/** The branch checked out in the repository: where a task starts from unless --base says otherwise. */
async function currentBranch(repo: string): Promise<string> {
  const branch = await gitText(resolve(repo), ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  if (!branch) {
    throw new UsageError(`${resolve(repo)} has no branch checked out; name the base branch with --base BRANCH.`);
  }
  return branch;
}

function readChecklist(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --from-checklist ${file}: ${(error as Error).message}`);
  }
}

async function add(board: BoardClient, projectId: string, args: TasksAddArgs): Promise<Task[]> {
  const baseBranch = args.baseBranch ?? (await currentBranch(args.repo));
  try {
    if (args.fromChecklist === undefined) {
      const task = await board.call('add', {
        projectId,
        draft: {
          title: args.title!,
          description: args.description,
          ...(args.priority !== undefined ? { priority: args.priority } : {}),
          labels: [...args.labels],
          assignee: args.assignee,
          baseBranch,
        },
        dependsOn: [...args.dependsOn],
      });
      return [task];
    }
    const { created, skipped } = await board.call('fromChecklist', {
      projectId,
      markdown: readChecklist(args.fromChecklist),
      baseBranch,
    });
    if (skipped.length > 0) process.stderr.write(`Skipped (ticked already): ${skipped.join('; ')}\n`);
    if (created.length === 0) throw new UsageError(`${args.fromChecklist} has no unticked "- [ ] title" item.`);
    const tasks: Task[] = [];
    for (let task of created) {
      if (args.assignee || args.priority !== undefined || args.labels.length > 0) {
        task = await board.call('edit', {
          taskId: task.id,
          edit: {
            ...(args.assignee ? { assignee: args.assignee } : {}),
            ...(args.priority !== undefined ? { priority: args.priority } : {}),
            ...(args.labels.length > 0 ? { labels: [...args.labels] } : {}),
          },
        });
      }
      if (args.dependsOn.length > 0) {
        task = await board.call('setDependencies', { taskId: task.id, dependsOn: [...args.dependsOn] });
      }
      tasks.push(task);
    }
    return tasks;
  } catch (error) {
    throw asUsageMistake(error);
  }
}
