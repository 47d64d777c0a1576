import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/client';
import { migrations } from '../../../src/main/db/migrations';
import { tempDir } from '../../helpers/fixtures';

const FLEET = migrations.findIndex((m) => m.tag === '0010_fleet_tasks') + 1;

describe('migration 11 (fleet_tasks)', () => {
  it('adds the task tables, keeps existing projects and runs, and holds the journal to its task', () => {
    expect(FLEET).toBe(11);
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: FLEET - 1 });
    before.sqlite
      .prepare(
        "insert into projects (id, path, name, created_at, last_opened_at) values ('aaaaaaaaaaaa', '/a', 'a', 1, 2)",
      )
      .run();
    before.sqlite
      .prepare(
        `insert into workflow_runs (id, project_id, workflow, definition, inputs, status, repo, root, created_at, updated_at)
         values ('run1', 'aaaaaaaaaaaa', 'w', '{}', '{}', 'completed', '/r', '/r', 1, 1)`,
      )
      .run();
    before.dispose();

    const after = Store.open(file, { targetVersion: FLEET });
    expect(after.version).toBe(FLEET);
    expect(after.sqlite.prepare('select id, path from projects').all()).toEqual([{ id: 'aaaaaaaaaaaa', path: '/a' }]);
    expect(after.sqlite.prepare('select id, status from workflow_runs').all()).toEqual([
      { id: 'run1', status: 'completed' },
    ]);

    const insertTask = after.sqlite.prepare(
      "insert into tasks (id, project_id, title, base_branch, created_at, updated_at) values (?, 'aaaaaaaaaaaa', ?, 'main', 1, 1)",
    );
    insertTask.run('task01', 'Parser');
    insertTask.run('task02', 'Tests');
    expect(
      after.sqlite
        .prepare(
          'select state, priority, labels, interrupted, owner_pid, check_attempts, cost_usd, last_seq, description from tasks where id = ?',
        )
        .get('task01'),
    ).toEqual({
      state: 'backlog',
      priority: 3,
      labels: '[]',
      interrupted: 0,
      owner_pid: null,
      check_attempts: 0,
      cost_usd: 0,
      last_seq: 0,
      description: '',
    });

    const dep = after.sqlite.prepare('insert into task_dependencies (task_id, depends_on) values (?, ?)');
    dep.run('task02', 'task01');
    expect(() => dep.run('task02', 'task01')).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => dep.run('task02', 'ghost')).toThrow(/FOREIGN KEY/);

    const event = after.sqlite.prepare(
      "insert into task_events (task_id, seq, at, type, data) values (?, ?, 1, 'created', '{}')",
    );
    event.run('task01', 1);
    expect(() => event.run('task01', 1)).toThrow(/UNIQUE/);
    expect(() => event.run('ghost', 1)).toThrow(/FOREIGN KEY/);

    after.sqlite
      .prepare("insert into task_boards (project_id, settings, updated_at) values ('aaaaaaaaaaaa', '{}', 1)")
      .run();
    expect(after.sqlite.prepare('select paused from task_boards').get()).toEqual({ paused: null });
    after.dispose();
  });
});
