import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/main/db/client';
import { migrations } from '../../src/main/db/migrations';
import { WeftError } from '../../src/shared/ipc/errors';
import { call, ok, openProject, testBackend } from '../helpers/backend';
import { tempDir } from '../helpers/fixtures';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function tables(sqlite: Database.Database): string[] {
  return (sqlite.prepare("select name from sqlite_master where type='table' order by name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_'));
}

describe('Store', () => {
  it('creates a new database with WAL, foreign keys and every migration applied', () => {
    const file = join(tempDir(), 'weft.db');
    const store = Store.open(file);
    expect(store.version).toBe(migrations.length);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    // Later migrations add their own tables; their tests name them.
    expect(tables(store.sqlite)).toEqual(
      expect.arrayContaining([
        'model_providers',
        'model_response_cache',
        'model_usage',
        'projects',
        'prompt_templates',
        'settings',
        'agent_runs',
        'workflow_events',
        'workflow_runs',
        'mcp_servers',
      ]),
    );
    store.dispose();
  });

  it('migration 1 (init) creates projects with a unique path', () => {
    const file = join(tempDir(), 'weft.db');
    Store.open(file, { targetVersion: 0 }).dispose();
    const store = Store.open(file, { targetVersion: 1 });
    expect(tables(store.sqlite)).toEqual(['projects']);
    const insert = store.sqlite.prepare(
      'insert into projects (id, path, name, created_at, last_opened_at) values (?, ?, ?, 1, 1)',
    );
    insert.run('aaaaaaaaaaaa', '/a', 'a');
    expect(() => insert.run('bbbbbbbbbbbb', '/a', 'a')).toThrow(/UNIQUE/);
    store.dispose();
  });

  it('migration 2 (settings) adds settings and keeps existing projects', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 1 });
    before.sqlite
      .prepare('insert into projects (id, path, name, created_at, last_opened_at) values (?, ?, ?, ?, ?)')
      .run('aaaaaaaaaaaa', '/work/a', 'a', 10, 20);
    before.dispose();

    const after = Store.open(file, { targetVersion: 2 });
    expect(after.version).toBe(2);
    expect(after.sqlite.prepare('select id, path, name, created_at, last_opened_at from projects').all()).toEqual([
      { id: 'aaaaaaaaaaaa', path: '/work/a', name: 'a', created_at: 10, last_opened_at: 20 },
    ]);
    after.sqlite.prepare("insert into settings (key, value, updated_at) values ('theme', '\"dark\"', 1)").run();
    expect(after.sqlite.prepare('select value from settings').get()).toEqual({ value: '"dark"' });
    after.dispose();
  });

  it('migration 3 (models) adds the model tables and keeps projects and settings', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 2 });
    before.sqlite
      .prepare('insert into projects (id, path, name, created_at, last_opened_at) values (?, ?, ?, ?, ?)')
      .run('aaaaaaaaaaaa', '/work/a', 'a', 10, 20);
    before.sqlite.prepare("insert into settings (key, value, updated_at) values ('theme', '\"dark\"', 1)").run();
    before.dispose();

    const after = Store.open(file, { targetVersion: 3 });
    expect(after.version).toBe(3);
    expect(after.sqlite.prepare('select id, path from projects').all()).toEqual([
      { id: 'aaaaaaaaaaaa', path: '/work/a' },
    ]);
    expect(after.sqlite.prepare('select value from settings').get()).toEqual({ value: '"dark"' });
    after.sqlite
      .prepare(
        "insert into model_providers (id, kind, name, created_at, updated_at) values ('ollama', 'openai-compatible', 'Ollama', 1, 1)",
      )
      .run();
    expect(after.sqlite.prepare('select tool_mode, model_info, key_ciphertext from model_providers').get()).toEqual({
      tool_mode: 'auto',
      model_info: '{}',
      key_ciphertext: null,
    });
    const usage = after.sqlite.prepare(
      `insert into model_usage (at, provider_id, provider_kind, model, input_tokens, output_tokens, cache_read_tokens,
       cache_write_tokens, latency_ms, cost_usd, outcome) values (1, 'ollama', 'openai-compatible', 'm', 1, 2, 0, 0, 5, ?, 'ok')`,
    );
    usage.run(0);
    usage.run(null);
    expect(
      after.sqlite.prepare('select count(*) as n, sum(cost_usd) as c, max(cached) as k from model_usage').get(),
    ).toEqual({
      n: 2,
      c: 0,
      k: 0,
    });
    after.dispose();
  });

  it('migration 4 (agent) adds the run journal tables and keeps model usage', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 3 });
    before.sqlite
      .prepare(
        "insert into model_providers (id, kind, name, created_at, updated_at) values ('ollama', 'openai-compatible', 'Ollama', 1, 1)",
      )
      .run();
    before.dispose();

    const after = Store.open(file, { targetVersion: 4 });
    expect(after.version).toBe(4);
    expect(after.sqlite.prepare('select id from model_providers').all()).toEqual([{ id: 'ollama' }]);
    expect(tables(after.sqlite)).toEqual(
      expect.arrayContaining([
        'agent_runs',
        'agent_entries',
        'agent_messages',
        'agent_checkpoints',
        'agent_rules',
        'agent_audit',
      ]),
    );
    after.sqlite
      .prepare(
        `insert into agent_runs (id, project_id, task, provider_id, model, status, branch, base_commit, max_steps, created_at, updated_at)
         values ('run1', 'p', 't', 'ollama', 'm', 'running', 'weft/run1', 'abc', 30, 1, 1)`,
      )
      .run();
    expect(after.sqlite.prepare('select review, steps, cost_usd from agent_runs').get()).toEqual({
      review: 'open',
      steps: 0,
      cost_usd: null,
    });
    const entry = after.sqlite.prepare(
      "insert into agent_entries (run_id, seq, kind, data, at) values ('run1', 1, 'user', '{}', 1)",
    );
    entry.run();
    expect(() => entry.run()).toThrow(/UNIQUE/);
    after.dispose();
  });

  it('migration 5 (mcp) adds the MCP server table and keeps projects and providers', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 4 });
    before.sqlite
      .prepare('insert into projects (id, path, name, created_at, last_opened_at) values (?, ?, ?, ?, ?)')
      .run('aaaaaaaaaaaa', '/work/a', 'a', 10, 20);
    before.sqlite
      .prepare(
        "insert into model_providers (id, kind, name, created_at, updated_at) values ('ollama', 'openai-compatible', 'Ollama', 1, 1)",
      )
      .run();
    before.dispose();

    const after = Store.open(file, { targetVersion: 5 });
    expect(after.version).toBe(5);
    expect(after.sqlite.prepare('select id from projects').all()).toEqual([{ id: 'aaaaaaaaaaaa' }]);
    expect(after.sqlite.prepare('select id from model_providers').all()).toEqual([{ id: 'ollama' }]);
    after.sqlite
      .prepare(
        "insert into mcp_servers (id, name, project_id, transport, command, created_at, updated_at) values ('s1', 'github', null, 'stdio', 'npx', 1, 1)",
      )
      .run();
    expect(
      after.sqlite.prepare('select args, secret_names, secrets_ciphertext, enabled, url from mcp_servers').get(),
    ).toEqual({ args: '[]', secret_names: '[]', secrets_ciphertext: null, enabled: 1, url: null });
    after.dispose();
  });

  it('migration 6 (workflows) adds runs and their journal, keeps models data, and cascades deletes', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 5 });
    before.sqlite.prepare("insert into settings (key, value, updated_at) values ('theme', '\"dark\"', 1)").run();
    before.dispose();

    const after = Store.open(file, { targetVersion: 6 });
    expect(after.version).toBe(6);
    expect(after.sqlite.prepare('select value from settings').get()).toEqual({ value: '"dark"' });
    after.sqlite
      .prepare(
        `insert into workflow_runs (id, project_id, workflow, definition, inputs, status, repo, root, created_at, updated_at)
         values ('run1', 'p', 'w', '{}', '{}', 'running', '/r', '/r', 1, 1)`,
      )
      .run();
    expect(after.sqlite.prepare('select attempt, last_seq, cost_usd, input_tokens from workflow_runs').get()).toEqual({
      attempt: 1,
      last_seq: 0,
      cost_usd: 0,
      input_tokens: 0,
    });
    const event = after.sqlite.prepare(
      "insert into workflow_events (run_id, seq, at, type, node, data) values ('run1', ?, 1, 'node.started', 'a', '{}')",
    );
    event.run(1);
    expect(() => event.run(1)).toThrow(/UNIQUE/);
    expect(() =>
      after.sqlite
        .prepare(
          "insert into workflow_events (run_id, seq, at, type, data) values ('ghost', 1, 1, 'run.started', '{}')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    after.sqlite.prepare("delete from workflow_runs where id = 'run1'").run();
    expect(after.sqlite.prepare('select count(*) as n from workflow_events').get()).toEqual({ n: 0 });
    after.dispose();
  });

  it('migration 7 (agent_owner) records which process drives a run, keeping existing runs', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 6 });
    before.sqlite
      .prepare(
        `insert into agent_runs (id, project_id, task, provider_id, model, status, branch, base_commit, max_steps, created_at, updated_at)
         values ('run1', 'p', 't', 'ollama', 'm', 'running', 'weft/run1', 'abc', 30, 1, 1)`,
      )
      .run();
    before.dispose();
    const after = Store.open(file, { targetVersion: 7 });
    expect(after.version).toBe(7);
    expect(after.sqlite.prepare('select id, status, owner_pid from agent_runs').all()).toEqual([
      { id: 'run1', status: 'running', owner_pid: null },
    ]);
    after.dispose();
  });

  it('migration 8 (project_trust) adds trust (not asked yet) and empty allowed hosts to existing projects', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 7 });
    before.sqlite
      .prepare(
        "insert into projects (id, path, name, created_at, last_opened_at) values ('aaaaaaaaaaaa', '/a', 'a', 1, 2)",
      )
      .run();
    before.dispose();
    const after = Store.open(file, { targetVersion: 8 });
    expect(after.version).toBe(8);
    expect(after.sqlite.prepare('select id, path, last_opened_at, trust, allowed_hosts from projects').all()).toEqual([
      { id: 'aaaaaaaaaaaa', path: '/a', last_opened_at: 2, trust: null, allowed_hosts: '[]' },
    ]);
    after.dispose();
  });

  it('migration 9 (mcp_unconfined) leaves existing MCP servers confined in agent runs', () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 8 });
    before.sqlite
      .prepare(
        "insert into mcp_servers (id, name, project_id, transport, command, enabled, created_at, updated_at) values ('s1', 'fs', null, 'stdio', 'npx', 0, 1, 2)",
      )
      .run();
    before.dispose();
    const after = Store.open(file, { targetVersion: 9 });
    expect(after.version).toBe(9);
    expect(
      after.sqlite.prepare('select id, name, command, enabled, updated_at, unconfined from mcp_servers').all(),
    ).toEqual([{ id: 's1', name: 'fs', command: 'npx', enabled: 0, updated_at: 2, unconfined: 0 }]);
    after.dispose();
  });

  it("migration 10 (provider_timeouts) keeps providers intact, on Weft's default waits", () => {
    const file = join(tempDir(), 'weft.db');
    const before = Store.open(file, { targetVersion: 9 });
    before.sqlite
      .prepare(
        "insert into model_providers (id, kind, flavor, name, base_url, tool_mode, created_at, updated_at) values ('local', 'openai-compatible', 'ollama', 'Ollama', 'http://127.0.0.1:11434/v1', 'text', 1, 2)",
      )
      .run();
    before.dispose();
    const after = Store.open(file, { targetVersion: 10 });
    expect(after.version).toBe(10);
    expect(
      after.sqlite
        .prepare(
          'select id, name, base_url, tool_mode, updated_at, first_token_timeout_sec, idle_timeout_sec from model_providers',
        )
        .all(),
    ).toEqual([
      {
        id: 'local',
        name: 'Ollama',
        base_url: 'http://127.0.0.1:11434/v1',
        tool_mode: 'text',
        updated_at: 2,
        first_token_timeout_sec: null,
        idle_timeout_sec: null,
      },
    ]);
    after.dispose();
  });

  it('rolls a failing migration back completely, leaving the old version', () => {
    const file = join(tempDir(), 'weft.db');
    Store.open(file, { targetVersion: 1 }).dispose();
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, tag: 'broken', statements: ['create table ok (a)', 'nonsense'] },
    ];
    expect(() => Store.open(file, { migrations: broken })).toThrow();
    const store = Store.open(file, { targetVersion: 1 });
    expect(store.version).toBe(1);
    expect(tables(store.sqlite)).toEqual(['projects']);
    store.dispose();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte', () => {
    const file = join(tempDir(), 'weft.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    const hash = sha(file);
    expect(() => Store.open(file)).toThrow(expect.objectContaining({ code: 'db_corrupt' }));
    expect(sha(file)).toBe(hash);
  });

  it('refuses a damaged SQLite file and does not touch it', () => {
    const file = join(tempDir(), 'weft.db');
    Store.open(file).dispose();
    const bytes = readFileSync(file);
    bytes.fill(0xee, 100, bytes.length); // keep the header, destroy the schema page
    writeFileSync(file, bytes);
    const hash = sha(file);
    let error: unknown;
    try {
      Store.open(file).dispose();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeftError);
    expect((error as WeftError).code).toBe('db_corrupt');
    expect((error as WeftError).message).toContain(file);
    expect(sha(file)).toBe(hash);
  });

  it('refuses a database from a newer Weft and does not migrate or change it', () => {
    const file = join(tempDir(), 'weft.db');
    Store.open(file).dispose();
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    const hash = sha(file);
    expect(() => Store.open(file)).toThrow(expect.objectContaining({ code: 'db_newer_than_app' }));
    expect(sha(file)).toBe(hash);
  });
});

describe('damage found after start-up', () => {
  /** Overwrites one page of the file behind SQLite's back, as a failing disk or a stray writer would. */
  function damagePage(file: string, page: number, pageSize: number): void {
    const bytes = readFileSync(file);
    const garbage = Buffer.alloc(pageSize, 0);
    for (let i = 0; i < pageSize; i++) garbage[i] = (i * 131 + 7) & 0xff;
    garbage.copy(bytes, (page - 1) * pageSize);
    writeFileSync(file, bytes);
  }
  const bytesOf = (file: string) => (existsSync(file) ? sha(file) : 'absent');

  it('answers db_corrupt, then refuses every write without touching the file, through close', async () => {
    const dataDir = tempDir('weft-damage-');
    const b = testBackend(dataDir);
    await openProject(b, tempDir('weft-damage-project-'));
    await openProject(b, tempDir('weft-damage-project-'));
    const file = join(dataDir, 'weft.db');
    const sqlite = b.store.sqlite;
    // Everything in the main file, then one more write left in the WAL: closing normally would
    // checkpoint it into the damaged file.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await ok(b, 'settings.update', { theme: 'dark' });
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    const root = (
      sqlite.prepare("select rootpage from sqlite_master where name = 'projects'").get() as {
        rootpage: number;
      }
    ).rootpage;
    damagePage(file, root, pageSize);
    // The connection's page cache still holds the good copy; drop it so the next read goes to disk.
    sqlite.pragma('shrink_memory');

    const read = await call(b, 'projects.recent');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.code).toBe('db_corrupt');
    expect(read.error.message).toMatch(
      /^Weft's database is damaged: .*Weft has stopped writing to it; your repositories are not affected\. Close Weft and /,
    );
    expect(read.error.message).not.toMatch(/\n\s+at /);
    expect(b.store.failure?.code).toBe('db_corrupt');

    const before = { db: bytesOf(file), wal: bytesOf(`${file}-wal`) };
    // Tables that are intact are not written either: the file as a whole is suspect.
    const write = await call(b, 'settings.update', { theme: 'light' });
    expect(write).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
    const open = await call(b, 'projects.open', { path: tempDir('weft-damage-project-') });
    expect(open).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
    expect({ db: bytesOf(file), wal: bytesOf(`${file}-wal`) }).toEqual(before);

    await b.dispose();
    expect(bytesOf(file)).toBe(before.db);
  });
});

describe('secrets in rows', () => {
  it('scrubs text bound into journal rows, keeps configuration tables verbatim, named or positional', () => {
    const store = Store.open(join(tempDir(), 'weft.db'), {
      scrub: (text) => text.split('plantRowSecret0123').join('[redacted]'),
    });
    store.sqlite.exec('create table journal_notes (id integer primary key, body text)');
    store.sqlite.prepare('insert into journal_notes (body) values (?)').run('failed: plantRowSecret0123 echoed');
    store.sqlite.prepare('insert into journal_notes (body) values (@body)').run({ body: 'plantRowSecret0123' });
    store.sqlite
      .prepare(
        'insert into "projects" (id, path, name, created_at, last_opened_at) values (?, ?, ?, 1, 1) returning id',
      )
      .get('p1', '/x/plantRowSecret0123', 'n');
    expect(store.sqlite.prepare('select body from journal_notes order by id').pluck().all()).toEqual([
      'failed: [redacted] echoed',
      '[redacted]',
    ]);
    expect(store.sqlite.prepare('select path from projects').pluck().get()).toBe('/x/plantRowSecret0123');
    store.dispose();
  });
});
