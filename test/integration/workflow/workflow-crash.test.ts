import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/db/client';
import { startChild } from '../../helpers/children';
import { crashService } from '../../helpers/crash-workflow';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { until } from '../../helpers/until';

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe.runIf(process.platform !== 'win32')('workflow crash recovery', () => {
  it('a run killed with SIGKILL midway is interrupted on restart; resume completes it without running a completed node twice', async () => {
    const dir = tempDir('weft-crash-');
    const db = join(dir, 'weft.db');
    const ledger = join(dir, 'ledger.txt');
    const repo = makeRepo();

    const child = startChild('workflow-crash-child.ts', [db, repo, ledger]);
    // Kill it once a good part of the 1,000 steps has run, while steps are in flight.
    await until(
      () => {
        if (child.ended()) throw new Error(`the child ended early: ${child.stderr()}`);
        return lines(ledger).length >= 300;
      },
      60_000,
      () => `the child did not get far: ${child.stderr()}`,
    );
    expect(await child.kill()).toBe('SIGKILL');
    const runId = /run (\w+)/.exec(child.stdout())?.[1];
    expect(runId).toBeDefined();
    const executedBefore = lines(ledger).length;
    expect(executedBefore).toBeLessThan(1000);

    const store = Store.open(db);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const service = crashService(store, repo, ledger, 'resume');
    try {
      expect(service.get(runId!).status).toBe('interrupted');
      const completedBefore = new Set(
        service
          .events(runId!)
          .filter((e) => e.type === 'node.completed')
          .map((e) => (e as { node: string }).node),
      );
      expect(completedBefore.size).toBeGreaterThan(0);

      await service.resume(runId!);
      expect((await service.wait(runId!))?.status).toBe('completed');

      const resumed = lines(ledger)
        .filter((l) => l.startsWith('resume '))
        .map((l) => l.slice('resume '.length));
      expect(resumed.filter((node) => completedBefore.has(node))).toEqual([]);
      const everything = new Set(lines(ledger).map((l) => l.split(' ')[1]));
      expect(everything.size).toBe(1000);
      const completions = service
        .events(runId!)
        .filter((e) => e.type === 'node.completed')
        .map((e) => (e as { node: string }).node);
      expect(completions).toHaveLength(1000);
      expect(new Set(completions).size).toBe(1000);
      expect(service.get(runId!)).toMatchObject({ status: 'completed', attempt: 2 });
      // At-least-once for what was in flight: only steps running (or not yet journaled) at the kill ran again.
      const first = new Set(
        lines(ledger)
          .filter((l) => l.startsWith('first '))
          .map((l) => l.slice('first '.length)),
      );
      const again = resumed.filter((node) => first.has(node)).length;
      expect(again).toBe(executedBefore - completedBefore.size);
    } finally {
      await service.dispose();
      expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      store.dispose();
    }
  }, 120_000);
});
