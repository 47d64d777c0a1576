import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunEntry, RunView } from '../../../src/shared/domain/agent';
import { buggyRepo, ok, waitForStatus } from '../../helpers/agent';
import { call, useModelFixture } from '../../helpers/models';

const fx = useModelFixture();

interface Page {
  run: RunView;
  entries: RunEntry[];
  earlier: boolean;
  anchors: RunEntry[];
}

describe('agent run history in pages', () => {
  it('returns the newest 200 entries of a long run, pages back to the first exactly once, and numbers on after a restart', async () => {
    let backend = fx.start();
    const providerId = await fx.addLocal('native');
    const project = await ok<{ id: string }>(backend, 'projects.open', { path: buggyRepo() });
    fx.fake.enqueue({ text: 'Looked around.' });
    const run = await ok<RunView>(backend, 'agent.start', {
      projectId: project.id,
      task: 'Look around',
      model: { providerId, model: 'fake-model' },
    });
    await waitForStatus(backend, run.id, ['completed']);
    const dataDir = fx.dataDir;
    await backend.dispose();

    // A long timeline, as a board's run leaves it: 450 entries in all.
    const db = new Database(join(dataDir, 'weft.db'));
    const last = (
      db.prepare('select max(seq) as seq from agent_entries where run_id = ?').get(run.id) as { seq: number }
    ).seq;
    const insert = db.prepare('insert into agent_entries (run_id, seq, kind, data, at) values (?, ?, ?, ?, ?)');
    for (let seq = last + 1; seq <= 450; seq++) {
      const entry =
        seq === 100
          ? {
              seq,
              at: seq,
              kind: 'checkpoint',
              checkpointId: 'cp1',
              step: 3,
              commit: 'abc',
              message: 'step 3',
              files: [],
            }
          : { seq, at: seq, kind: 'assistant', text: `Step text ${seq}`, step: seq };
      insert.run(run.id, seq, entry.kind, JSON.stringify(entry), seq);
    }
    db.close();

    backend = fx.open({ dataDir });
    const newest = await ok<Page>(backend, 'agent.get', { runId: run.id });
    expect(newest.entries.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => 251 + i));
    expect(newest.earlier).toBe(true);
    // The checkpoint before the page comes along, for the diff of the page's first checkpoint.
    expect(newest.anchors.filter((e) => e.kind !== 'sandbox')).toEqual([
      expect.objectContaining({ seq: 100, kind: 'checkpoint', checkpointId: 'cp1' }),
    ]);
    // And the run's sandbox entries (written at its start), so its header still says whether it is confined.
    const all = (await ok<Page>(backend, 'agent.get', { runId: run.id, limit: 1000 })).entries;
    expect(all.some((e) => e.kind === 'sandbox' && e.seq < 251)).toBe(true);
    expect(newest.anchors.filter((e) => e.kind === 'sandbox')).toEqual(
      all.filter((e) => e.kind === 'sandbox' && e.seq < 251),
    );

    const seen = [...newest.entries];
    let page = newest;
    while (page.earlier) {
      page = await ok<Page>(backend, 'agent.get', { runId: run.id, before: page.entries[0]!.seq });
      seen.unshift(...page.entries);
    }
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(seen[0]).toMatchObject({ kind: 'user', text: 'Look around' });

    const small = await ok<Page>(backend, 'agent.get', { runId: run.id, before: 4, limit: 2 });
    expect(small.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(small.earlier).toBe(true);
    const tooMany = await call(backend, 'agent.get', { runId: run.id, limit: 1001 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // The restarted Weft's journal goes on after the last entry: nothing is overwritten.
    fx.fake.enqueue({ text: 'Looked again.' });
    await ok(backend, 'agent.send', { runId: run.id, text: 'Once more' });
    await waitForStatus(backend, run.id, ['completed']);
    const after = await ok<Page>(backend, 'agent.get', { runId: run.id, limit: 1000 });
    expect(after.earlier).toBe(false);
    expect(after.anchors).toEqual([]);
    expect(after.entries.map((e) => e.seq)).toEqual(Array.from({ length: after.entries.length }, (_, i) => i + 1));
    expect(after.entries.find((e) => e.seq === 450)).toMatchObject({ text: 'Step text 450' });
    expect(after.entries[450]).toMatchObject({ seq: 451, kind: 'user', text: 'Once more' });
    expect(after.entries.slice(451).find((e) => e.kind === 'assistant')).toMatchObject({ text: 'Looked again.' });
  });
});
