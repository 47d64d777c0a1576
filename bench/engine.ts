// npm run bench:engine -- [--nodes N] [--runs R] [--concurrency C]   (run through bench/run.mjs)
// Runs a random DAG of no-op steps through WorkflowService, journaled to a real SQLite file as in
// production, and the same DAG as plain awaited promises with no journal, in the same process.
// Prints one JSON line with medians.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Store } from '../src/main/db/client';
import type { NodeExecutor } from '../src/main/workflow/core/types';
import { InPlaceWorkspaces } from '../src/main/workflow/in-place-workspaces';
import { WorkflowService } from '../src/main/workflow/workflow-service';
import { validateWorkflow } from '../src/shared/workflow/validate';

const { values } = parseArgs({
  options: { nodes: { type: 'string' }, runs: { type: 'string' }, concurrency: { type: 'string' } },
});
const NODES = Number(values.nodes ?? 10_000);
const RUNS = Number(values.runs ?? 5);
const CONCURRENCY = Number(values.concurrency ?? 64);

/** A deterministic PRNG so every run builds the same DAG. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A random DAG in topological order: each node after the first few has one to three parents
 * among the 300 nodes before it (fan-in), so popular nodes fan out to many children.
 */
function randomDag(n: number): number[][] {
  const random = rng(7);
  const parents: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i < 8 || random() < 0.02) {
      parents.push([]);
      continue;
    }
    const count = 1 + Math.floor(random() * 3);
    const set = new Set<number>();
    for (let k = 0; k < count; k++) set.add(i - 1 - Math.floor(random() * Math.min(i, 300)));
    parents.push([...set]);
  }
  return parents;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function noop(): Promise<null> {
  return null;
}

/** The baseline: the same DAG as plain promises, each node awaiting its parents, no journal, no limit. */
async function baseline(parents: number[][]): Promise<number> {
  const started = performance.now();
  const done: Promise<null>[] = new Array(parents.length);
  for (let i = 0; i < parents.length; i++) {
    const ps = parents[i]!;
    done[i] = ps.length === 0 ? noop() : Promise.all(ps.map((p) => done[p]!)).then(noop);
  }
  await Promise.all(done);
  return performance.now() - started;
}

export default async function main(): Promise<void> {
  const parents = randomDag(NODES);
  const edges = parents.flatMap((ps, i) => ps.map((p) => ({ from: `n${p}`, to: `n${i}` })));
  const raw = {
    version: 1,
    concurrency: CONCURRENCY,
    nodes: parents.map((_, i) => ({ id: `n${i}`, kind: 'shell', command: 'true' })),
    edges,
  };
  const validateStarted = performance.now();
  const { definition, issues } = validateWorkflow(raw);
  const validateMs = performance.now() - validateStarted;
  if (!definition || issues.length > 0) throw new Error(`the generated DAG is invalid: ${issues[0]?.message}`);

  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-engine-'));
  const store = Store.open(join(dir, 'weft.db'));
  let executed = 0;
  const shell: NodeExecutor<'shell'> = {
    execute: async () => {
      executed++;
      return { output: null };
    },
  };
  const unused = () => {
    throw new Error('not used by the benchmark');
  };
  const service = new WorkflowService({
    store,
    projectRoot: () => dir,
    workspaces: new InPlaceWorkspaces(),
    runner: { run: unused },
    models: { complete: unused },
    defaultModel: () => null,
    tools: null,
    agents: null,
    log: pino({ level: 'silent' }),
    executors: { shell },
  });

  const engineMs: number[] = [];
  const baselineMs: number[] = [];
  const eventsPerRun: number[] = [];
  try {
    // One warm-up of each, not counted: the JIT and SQLite's page cache settle.
    await service.wait(await service.startDefinition('bench', 'bench', definition));
    await baseline(parents);
    for (let r = 0; r < RUNS; r++) {
      executed = 0;
      const started = performance.now();
      const runId = await service.startDefinition('bench', 'bench', definition);
      const outcome = await service.wait(runId);
      engineMs.push(performance.now() - started);
      if (outcome?.status !== 'completed' || executed !== NODES) {
        throw new Error(`run ${r} ended ${outcome?.status} after ${executed} of ${NODES} steps`);
      }
      const row = store.sqlite.prepare('select last_seq as n from workflow_runs where id = ?').get(runId) as {
        n: number;
      };
      eventsPerRun.push(row.n);
      baselineMs.push(await baseline(parents));
    }
    const integrity = store.sqlite.pragma('integrity_check', { simple: true });
    const ms = median(engineMs);
    const base = median(baselineMs);
    const events = median(eventsPerRun);
    process.stdout.write(
      `${JSON.stringify({
        nodes: NODES,
        edges: edges.length,
        concurrency: CONCURRENCY,
        runs: RUNS,
        ms: Math.round(ms),
        baselineMs: Math.round(base * 10) / 10,
        ratio: Math.round((ms / base) * 10) / 10,
        usPerNode: Math.round((ms * 1000) / NODES),
        journalEvents: events,
        journalEventsPerSec: Math.round(events / (ms / 1000)),
        validateMs: Math.round(validateMs),
        engineRunsMs: engineMs.map(Math.round),
        integrity,
      })}\n`,
    );
  } finally {
    await service.dispose();
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
