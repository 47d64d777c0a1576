import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RunEntry } from '../../../src/shared/domain/agent';
import { buggyRepo, ok, waitForStatus } from '../../helpers/agent';
import { startChild } from '../../helpers/children';
import { tempDir } from '../../helpers/fixtures';
import { useModelFixture } from '../../helpers/models';

const fx = useModelFixture();

describe('agent run after a crash', () => {
  it('shows a killed run as interrupted with its journal intact, and continues it', async () => {
    const repo = buggyRepo();
    const dataDir = join(tempDir('weft-crash-'), 'data');
    fx.fake.enqueue(
      {
        text: 'Fixing add.',
        toolCalls: [
          { name: 'files__edit', arguments: { path: 'src/math.js', old_string: 'a - b', new_string: 'a + b' } },
        ],
      },
      { toolCalls: [{ name: 'shell__run', arguments: { command: 'rm -f AGENTS.md' } }] },
    );
    // A Weft in another process runs until the run waits for approval, and dies there.
    const child = startChild('agent-crash-child.ts', [dataDir, repo, fx.fake.openaiUrl]);
    const runId = (await child.printed(/waiting (\w+)/))[1]!;
    await child.kill();

    const raw = new Database(join(dataDir, 'weft.db'));
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const backend = fx.open({ dataDir });
    const { run, entries } = await ok<{
      run: { status: string; steps: number; worktree: string };
      entries: RunEntry[];
    }>(backend, 'agent.get', { runId });
    expect(run.status).toBe('interrupted');
    expect(run.steps).toBe(2);
    expect(entries.map((e) => e.kind)).toEqual([
      'user',
      'sandbox',
      'assistant',
      'tool',
      'checkpoint',
      'assistant',
      'tool',
      'approval',
      'status',
    ]);
    expect(entries.at(-1)).toMatchObject({ kind: 'status', status: 'interrupted' });
    // The call that waited for approval when Weft died is closed, not left waiting for good.
    expect(entries.filter((e) => e.kind === 'tool').map((e) => e.kind === 'tool' && e.state)).toEqual([
      'done',
      'interrupted',
    ]);
    expect(entries.find((e) => e.kind === 'checkpoint')).toMatchObject({
      files: [expect.objectContaining({ path: 'src/math.js' })],
    });

    // Continuing: the interrupted call is answered for the model, and the run goes on.
    fx.fake.enqueue({ text: 'The fix is in; I left AGENTS.md alone.' });
    await ok(backend, 'agent.send', { runId, text: 'Do not delete anything; just finish.' });
    const done = await waitForStatus(backend, runId, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const body = JSON.stringify(fx.fake.calls.at(-1)!.body);
    expect(body).toContain('Weft stopped before this call finished');
    expect(body).toContain('Do not delete anything');
  });
});
