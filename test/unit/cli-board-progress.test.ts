import { describe, expect, it } from 'vitest';
import { BoardProgress } from '../../src/main/cli/board-progress';
import type { Task } from '../../src/shared/domain/tasks';

const task = (id: string, state: Task['state'], extra: Partial<Task> = {}): Task => ({
  id,
  projectId: 'p',
  title: `task ${id}`,
  description: '',
  priority: 3,
  labels: [],
  dependsOn: [],
  assignee: null,
  baseBranch: 'main',
  state,
  interrupted: false,
  branch: null,
  stackedOn: null,
  runId: null,
  checkAttempts: 0,
  failure: null,
  costUsd: 0,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

function sink() {
  let text = '';
  return { out: { write: (t: string) => (text += t) }, text: () => text };
}

describe('board run progress', () => {
  it('prints a line per state change only, and the failures at the end with the end of their check output', () => {
    const { out, text } = sink();
    const progress = new BoardProgress('lines', out);
    progress.know([task('aaaaaa', 'ready')]);
    progress.task(task('aaaaaa', 'ready'));
    progress.task(task('aaaaaa', 'running'));
    progress.task(task('aaaaaa', 'running'));
    progress.task(task('aaaaaa', 'validating'));
    progress.task(task('aaaaaa', 'running', { checkAttempts: 1 }));
    const output = Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n');
    const failed = task('aaaaaa', 'failed', {
      failure: { code: 'check_failed', message: 'The check failed 3 times.', output },
    });
    progress.task(failed);
    progress.finish([failed, task('bbbbbb', 'done')], (t) => t.state === 'done', new Map());
    const lines = text().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '▶ aaaaaa running    task aaaaaa',
      '⧗ aaaaaa validating task aaaaaa',
      '▶ aaaaaa running    task aaaaaa (the check failed; sent back to the agent, follow-up 1)',
      '✗ aaaaaa failed     task aaaaaa',
    ]);
    expect(text()).toContain(
      '1 of 2 tasks finished; the others:\n✗ aaaaaa task aaaaaa: failed. The check failed 3 times.',
    );
    expect(text()).toContain('    … (20 lines above; weft tasks show <id> has them all)\n    line 20\n');
    expect(text()).toContain('    line 59\n');
  });

  it('writes one JSON object a line with --json, ending with each task’s end', () => {
    const { out, text } = sink();
    const progress = new BoardProgress('json', out);
    progress.task(task('aaaaaa', 'review'), 'approved');
    progress.finish([task('aaaaaa', 'review')], () => false, new Map([['aaaaaa', 'Its landing was sent back.']]));
    const events = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({
      type: 'task.state',
      taskId: 'aaaaaa',
      from: null,
      to: 'review',
      message: 'approved',
    });
    expect(events[1]).toMatchObject({
      type: 'board.finished',
      ok: false,
      tasks: [{ taskId: 'aaaaaa', state: 'review', reason: 'Its landing was sent back.' }],
    });
  });
});
