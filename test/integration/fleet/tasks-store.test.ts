import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/client';
import { Board } from '../../../src/main/fleet/board';
import { BoardError } from '../../../src/main/fleet/errors';
import type { Task } from '../../../src/shared/domain/tasks';
import { tempDir } from '../../helpers/fixtures';

const P = 'project0001';
const OTHER = 'project0002';

/** A board on a real SQLite file, with a clock that moves one millisecond per reading. */
function open(file = join(tempDir(), 'weft.db')) {
  const store = Store.open(file);
  let clock = 1_000;
  const changes: { projectId: string; tasks: Task[] }[] = [];
  const board = new Board({ db: store.db, now: () => clock++, onChange: (c) => changes.push(c) });
  return {
    store,
    board,
    changes,
    file,
    close() {
      board.dispose();
      store.dispose();
    },
  };
}

function refusal(fn: () => unknown): BoardError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BoardError) return error;
    throw error;
  }
  throw new Error('expected the board to refuse');
}

const agent = {
  kind: 'agent' as const,
  model: { providerId: 'anthropic', model: 'claude' },
  approval: 'edits' as const,
  maxSteps: 40,
  budgetUsd: null,
};

/** A workflow from .weft/workflows: no model provider of its own. */
const flow = { kind: 'workflow' as const, workflow: 'implement', inputs: { issue: 15 } };

/** Walks a task through the lifecycle to `done`, as the runtime would. */
function land(board: Board, id: string) {
  board.apply(id, { type: 'start', branch: `weft/task-${id}`, runId: `run${id}`, stackedOn: null });
  board.apply(id, { type: 'finished' });
  board.apply(id, { type: 'checkPassed' });
  board.apply(id, { type: 'approve' });
  return board.apply(id, { type: 'landed' });
}

describe('task board on SQLite', () => {
  it('adds, edits and lists tasks by priority then age, and keeps them across a reopen', () => {
    const b = open();
    const low = b.board.add(P, { title: 'Docs', priority: 4, baseBranch: 'main' });
    const first = b.board.add(P, { title: 'Parser', priority: 2, baseBranch: 'main', labels: ['core'] });
    const second = b.board.add(P, { title: 'Lexer', priority: 2, baseBranch: 'main', assignee: agent });
    b.board.edit(low.id, { description: '## Notes\nWrite *all* of it.', priority: 1 });
    b.board.add(OTHER, { title: 'Elsewhere', baseBranch: 'main', assignee: flow });
    expect(b.board.list(P).map((t) => t.title)).toEqual(['Docs', 'Parser', 'Lexer']);
    b.close();

    const again = open(b.file);
    const tasks = again.board.list(P);
    expect(tasks.map((t) => [t.title, t.priority, t.state])).toEqual([
      ['Docs', 1, 'backlog'],
      ['Parser', 2, 'backlog'],
      ['Lexer', 2, 'backlog'],
    ]);
    expect(tasks[0]!.description).toBe('## Notes\nWrite *all* of it.');
    expect(tasks[1]!.labels).toEqual(['core']);
    expect(again.board.get(second.id).assignee).toEqual(agent);
    expect(again.board.events(first.id).map((e) => [e.seq, e.type, e.to])).toEqual([[1, 'created', 'backlog']]);
    again.close();
  });

  it('refuses a dependency cycle by name and changes nothing', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Parser', baseBranch: 'main', assignee: flow });
    const t = b.board.add(P, { title: 'Tests', baseBranch: 'main', assignee: flow }, [a.id]);
    const d = b.board.add(P, { title: 'Docs', baseBranch: 'main', assignee: flow }, [t.id]);
    const before = b.board.list(P);
    const seqBefore = b.board.events(a.id).length;
    const error = refusal(() => b.board.setDependencies(a.id, [d.id]));
    expect(error.rule).toBe('dependency_cycle');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('These dependencies would make a cycle: Parser → Docs → Tests → Parser.');
    expect(b.board.list(P)).toEqual(before);
    expect(b.board.events(a.id)).toHaveLength(seqBefore);
    b.close();
  });

  it('refuses a dependency on a task of another project, and a new task with one is not created', () => {
    const b = open();
    const here = b.board.add(P, { title: 'Here', baseBranch: 'main', assignee: flow });
    const there = b.board.add(OTHER, { title: 'There', baseBranch: 'main', assignee: flow });
    const error = refusal(() => b.board.setDependencies(here.id, [there.id]));
    expect(error.rule).toBe('dependency_other_project');
    expect(error.message).toBe('"Here" cannot depend on "There": it belongs to another project.');
    expect(b.board.get(here.id).dependsOn).toEqual([]);
    const created = refusal(() => b.board.add(P, { title: 'New', baseBranch: 'main', assignee: flow }, [there.id]));
    expect(created.rule).toBe('dependency_other_project');
    expect(b.board.list(P).map((t) => t.title)).toEqual(['Here']);
    b.close();
  });

  it('queues a task as blocked until its dependency lands, then makes it ready in the same change', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Parser', baseBranch: 'main', assignee: flow });
    const t = b.board.add(P, { title: 'Tests', baseBranch: 'main', assignee: flow }, [a.id]);
    expect(b.board.queue(a.id).state).toBe('ready');
    expect(b.board.queue(t.id).state).toBe('blocked');
    // A new dependency that is not done puts a ready task back to blocked, and taking it away undoes that.
    const extra = b.board.add(P, { title: 'Extra', baseBranch: 'main', assignee: flow });
    expect(b.board.setDependencies(a.id, [extra.id]).state).toBe('blocked');
    expect(b.board.setDependencies(a.id, []).state).toBe('ready');
    b.changes.length = 0;
    land(b.board, a.id);
    expect(b.board.get(t.id).state).toBe('ready');
    // The listener heard the landing and the release together, after the commit.
    expect(b.changes.at(-1)!.tasks.map((x) => [x.title, x.state])).toEqual([
      ['Parser', 'done'],
      ['Tests', 'ready'],
    ]);
    expect(b.board.events(a.id).map((e) => e.type)).toEqual([
      'created',
      'queue',
      'dependencies',
      'dependencies',
      'start',
      'finished',
      'checkPassed',
      'approve',
      'landed',
    ]);
    b.close();
  });

  it('reorders by priority and moves tasks between the backlog and the queue', () => {
    const b = open();
    const a = b.board.add(P, { title: 'A', baseBranch: 'main', assignee: flow });
    const c = b.board.add(P, { title: 'C', baseBranch: 'main', assignee: flow });
    b.board.setPriority(c.id, 1);
    expect(b.board.list(P).map((t) => t.title)).toEqual(['C', 'A']);
    expect(refusal(() => b.board.setPriority(a.id, 0)).rule).toBe('invalid_task');
    expect(b.board.queue(a.id).state).toBe('ready');
    expect(b.board.unqueue(a.id).state).toBe('backlog');
    expect(b.board.schedule(P)).toEqual([]);
    b.close();
  });

  it('queues only a task with an agent or workflow assigned, and keeps it assigned while queued', () => {
    const b = open();
    const lone = b.board.add(P, { title: 'Nobody on it', baseBranch: 'main' });
    const error = refusal(() => b.board.queue(lone.id));
    expect(error.rule).toBe('unassigned');
    expect(error.message).toBe('Task "Nobody on it" has no agent or workflow assigned; assign one before queueing it.');
    expect(b.board.get(lone.id).state).toBe('backlog');
    b.board.edit(lone.id, { assignee: agent });
    b.board.queue(lone.id);
    expect(refusal(() => b.board.edit(lone.id, { assignee: null })).rule).toBe('unassigned');
    expect(b.board.get(lone.id).assignee).toEqual(agent);
    b.close();
  });

  it('removing a task cancels it with its branch kept; it can be reopened', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Parser', baseBranch: 'main', assignee: flow });
    b.board.queue(a.id);
    b.board.apply(a.id, { type: 'start', branch: `weft/task-${a.id}`, runId: 'r1', stackedOn: null });
    const cancelled = b.board.remove(a.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', branch: `weft/task-${a.id}`, runId: 'r1' });
    expect(b.board.list(P)).toHaveLength(1);
    expect(b.board.apply(a.id, { type: 'reopen' }).state).toBe('backlog');
    b.close();
  });

  it('refuses an illegal move with the state named, and locks the base branch once started', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Parser', baseBranch: 'main', assignee: flow });
    const illegal = refusal(() => b.board.apply(a.id, { type: 'approve' }));
    expect(illegal.rule).toBe('illegal_transition');
    expect(illegal.message).toMatch(/"Parser" is backlog/);
    b.board.queue(a.id);
    b.board.apply(a.id, { type: 'start', branch: `weft/task-${a.id}`, runId: 'r1', stackedOn: null });
    expect(refusal(() => b.board.edit(a.id, { baseBranch: 'dev' })).rule).toBe('field_locked');
    expect(b.board.edit(a.id, { title: 'Parser v2' }).title).toBe('Parser v2');
    expect(refusal(() => b.board.edit(a.id, { priority: 9 })).rule).toBe('invalid_task');
    expect(refusal(() => b.board.get('nosuchtask')).rule).toBe('task_not_found');
    b.close();
  });

  it('after a restart, active tasks show as interrupted and take no step until continued', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Running', baseBranch: 'main', assignee: flow });
    const v = b.board.add(P, { title: 'Validating', baseBranch: 'main', assignee: flow });
    const r = b.board.add(P, { title: 'In review', baseBranch: 'main', assignee: flow });
    for (const t of [a, v, r]) {
      b.board.queue(t.id);
      b.board.apply(t.id, { type: 'start', branch: `weft/task-${t.id}`, runId: `run${t.id}`, stackedOn: null });
    }
    b.board.apply(v.id, { type: 'finished' });
    b.board.apply(r.id, { type: 'finished' });
    b.board.apply(r.id, { type: 'checkPassed' });
    // Weft stops here without any goodbye: the store is closed as a crash would leave it.
    b.store.dispose();

    const again = open(b.file);
    const marked = again.board.markInterrupted();
    expect(marked.map((t) => t.title).sort()).toEqual(['Running', 'Validating']);
    expect(again.board.get(r.id).interrupted).toBe(false);
    expect(refusal(() => again.board.apply(a.id, { type: 'finished' })).rule).toBe('task_interrupted');
    // Auto-resume off: the scheduler leaves them to the user's click.
    again.board.updateSettings(P, { concurrency: 5 });
    expect(again.board.schedule(P)).toEqual([]);
    again.board.updateSettings(P, { autoResume: true });
    expect(again.board.schedule(P).map((d) => d.kind)).toEqual(['resume', 'resume']);
    expect(again.board.resume(a.id)).toMatchObject({ state: 'running', interrupted: false, runId: `run${a.id}` });
    // Once per start-up: the task this process now drives is not marked again.
    expect(again.board.markInterrupted()).toEqual([]);
    expect(
      again.board
        .events(a.id)
        .map((e) => e.type)
        .slice(-2),
    ).toEqual(['interrupt', 'resume']);
    again.close();
  });

  it('leaves a task alone that another live Weft on the same data is driving', () => {
    const b = open();
    const mine = b.board.add(P, { title: 'Mine', baseBranch: 'main', assignee: flow });
    const theirs = b.board.add(P, { title: 'Theirs', baseBranch: 'main', assignee: flow });
    for (const t of [mine, theirs]) {
      b.board.queue(t.id);
      b.board.apply(t.id, { type: 'start', branch: `weft/task-${t.id}`, runId: `run${t.id}`, stackedOn: null });
    }
    // The CLI (our parent process stands in for it: alive, not us) started "Theirs".
    b.store.sqlite.prepare('update tasks set owner_pid = ? where id = ?').run(process.ppid, theirs.id);
    b.store.dispose();

    const again = open(b.file);
    expect(again.board.markInterrupted().map((t) => t.title)).toEqual(['Mine']);
    expect(again.board.get(theirs.id).interrupted).toBe(false);
    again.close();
  });

  it('schedules by priority within the concurrency limit and stacks only when allowed', () => {
    const b = open();
    const dep = b.board.add(P, { title: 'Dep', baseBranch: 'main', priority: 1, assignee: flow });
    const next = b.board.add(P, { title: 'Next', baseBranch: 'main', priority: 1, assignee: flow }, [dep.id]);
    const x = b.board.add(P, { title: 'X', baseBranch: 'main', priority: 3, assignee: agent });
    const y = b.board.add(P, { title: 'Y', baseBranch: 'main', priority: 2, assignee: flow });
    for (const t of [dep, next, x, y]) b.board.queue(t.id);
    expect(b.board.schedule(P).map((d) => (d.kind === 'start' ? d.taskId : d.kind))).toEqual([dep.id, y.id]);
    b.board.apply(dep.id, { type: 'start', branch: `weft/task-${dep.id}`, runId: 'r', stackedOn: null });
    b.board.apply(dep.id, { type: 'finished' });
    b.board.apply(dep.id, { type: 'checkPassed' });
    expect(b.board.schedule(P).map((d) => (d.kind === 'start' ? d.taskId : d.kind))).toEqual([y.id, x.id]);
    b.board.updateSettings(P, { allowStacked: true });
    expect(b.board.schedule(P)[0]).toEqual({
      kind: 'start',
      taskId: next.id,
      base: { kind: 'stacked', on: dep.id, branch: `weft/task-${dep.id}` },
    });
    b.board.apply(next.id, { type: 'start', branch: `weft/task-${next.id}`, runId: 'r2', stackedOn: dep.id });
    expect(b.board.stackedOn(dep.id).map((t) => t.id)).toEqual([next.id]);
    // Per-provider limit: anthropic has one request in flight elsewhere and a limit of 1.
    b.board.updateSettings(P, { providerLimits: { anthropic: 1 } });
    expect(b.board.schedule(P, { anthropic: 1 }).map((d) => (d.kind === 'start' ? d.taskId : d.kind))).toEqual([y.id]);
    b.close();
  });

  it('budget reached mid-board: the board pauses (kept across a restart), running tasks stay as they are', () => {
    const b = open();
    b.board.updateSettings(P, { budgetUsd: 1, concurrency: 1 });
    const a = b.board.add(P, { title: 'A', baseBranch: 'main', assignee: flow });
    const c = b.board.add(P, { title: 'C', baseBranch: 'main', assignee: flow });
    b.board.queue(a.id);
    b.board.queue(c.id);
    b.board.apply(a.id, { type: 'start', branch: `weft/task-${a.id}`, runId: 'r', stackedOn: null });
    b.board.addCost(a.id, 0.6);
    b.board.updateSettings(P, { concurrency: 2 });
    expect(b.board.schedule(P).map((d) => d.kind)).toEqual(['start']);
    b.board.addCost(a.id, 0.5);
    expect(b.board.schedule(P)).toEqual([{ kind: 'pause', reason: 'budget', spentUsd: 1.1, budgetUsd: 1 }]);
    expect(b.board.get(a.id).state).toBe('running');
    expect(b.board.get(c.id).state).toBe('ready');
    // The running task finishes the step it was on; only new starts wait.
    expect(b.board.apply(a.id, { type: 'finished' }).state).toBe('validating');
    b.close();

    const again = open(b.file);
    expect(again.board.settings(P).paused).toBe('budget');
    expect(again.board.schedule(P)).toEqual([]);
    again.board.updateSettings(P, { budgetUsd: 5 });
    again.board.unpause(P);
    expect(again.board.schedule(P).map((d) => (d.kind === 'start' ? d.taskId : d.kind))).toEqual([c.id]);
    again.close();
  });

  it('a red check goes back to the run K times (the setting), then the task fails with the output kept', () => {
    const b = open();
    b.board.updateSettings(P, { maxCheckRetries: 1 });
    const a = b.board.add(P, { title: 'A', baseBranch: 'main', assignee: flow });
    b.board.queue(a.id);
    b.board.apply(a.id, { type: 'start', branch: `weft/task-${a.id}`, runId: 'r', stackedOn: null });
    const k = b.board.settings(P).settings.maxCheckRetries;
    b.board.apply(a.id, { type: 'finished' });
    expect(b.board.apply(a.id, { type: 'checkFailed', output: 'FAIL a.test', maxRetries: k }).state).toBe('running');
    b.board.apply(a.id, { type: 'finished' });
    const failed = b.board.apply(a.id, { type: 'checkFailed', output: 'FAIL a.test again', maxRetries: k });
    expect(failed.state).toBe('failed');
    expect(failed.failure?.output).toBe('FAIL a.test again');
    b.close();
  });

  it('exports and imports the board as JSON with new ids; a bad file changes nothing', () => {
    const b = open();
    const a = b.board.add(P, { title: 'Parser', baseBranch: 'main', labels: ['core'], assignee: flow });
    b.board.add(P, { title: 'Tests', baseBranch: 'main', priority: 1, assignee: flow }, [a.id]);
    const file = JSON.parse(JSON.stringify(b.board.exportBoard(P)));
    const imported = b.board.importBoard(OTHER, file, 'develop');
    expect(imported.map((t) => t.title).sort()).toEqual(['Parser', 'Tests']);
    const there = b.board.list(OTHER);
    const tests = there.find((t) => t.title === 'Tests')!;
    const parser = there.find((t) => t.title === 'Parser')!;
    expect(tests.dependsOn).toEqual([parser.id]);
    expect(parser.id).not.toBe(a.id);
    expect(parser.baseBranch).toBe('main');

    const broken = { weftBoard: 1, tasks: [...file.tasks, { id: 'z', title: 'Z', dependsOn: ['nope'] }] };
    const error = refusal(() => b.board.importBoard(OTHER, broken, 'main'));
    expect(error.rule).toBe('dependency_not_found');
    expect(error.message).toBe('"Z" depends on "nope", which is not a task in the board file.');
    expect(b.board.list(OTHER)).toHaveLength(2);
    b.close();
  });

  it('creates backlog tasks from a pasted checklist, in its order, skipping ticked items', () => {
    const b = open();
    const { created, skipped } = b.board.fromChecklist(
      P,
      '- [ ] Parse flags\n  - short\n  - long\n- [x] Set up CI\n- [ ] Write docs\n',
      'main',
    );
    expect(created.map((t) => [t.title, t.description, t.state])).toEqual([
      ['Parse flags', '- short\n- long', 'backlog'],
      ['Write docs', '', 'backlog'],
    ]);
    expect(skipped).toEqual(['Set up CI']);
    expect(b.board.list(P).map((t) => t.title)).toEqual(['Parse flags', 'Write docs']);
    b.close();
  });
});
