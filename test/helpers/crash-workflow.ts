import { appendFileSync } from 'node:fs';
import pino from 'pino';
import type { Store } from '../../src/main/db/client';
import type { NodeExecutor } from '../../src/main/workflow/core/types';
import { InPlaceWorkspaces } from '../../src/main/workflow/in-place-workspaces';
import { WorkflowService } from '../../src/main/workflow/workflow-service';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../../src/shared/workflow/schema';

/** A random 1,000-node DAG with fan-out and fan-in (deterministic). */
export function crashDag(n = 1000): WorkflowDefinition {
  let s = 42;
  const random = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const edges: { from: string; to: string }[] = [];
  for (let i = 4; i < n; i++) {
    const parents = new Set<number>();
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) parents.add(i - 1 - Math.floor(random() * Math.min(i, 50)));
    for (const p of parents) edges.push({ from: `n${p}`, to: `n${i}` });
  }
  return workflowDefinitionSchema.parse({
    version: 1,
    concurrency: 4,
    nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: 'shell', command: 'true' })),
    edges,
  });
}

/**
 * Steps that record each execution in `ledger` (one line: `<tag> <node>`), then take a
 * millisecond: the step's work, so steps are in flight when the crash test kills the run.
 */
export function ledgerExecutor(ledger: string, tag: string): NodeExecutor<'shell'> {
  return {
    async execute(_input, context) {
      appendFileSync(ledger, `${tag} ${context.node}\n`);
      await new Promise((r) => setTimeout(r, 1));
      return { output: { node: context.node } };
    },
  };
}

/** A WorkflowService over `store` whose shell steps are ledger steps. */
export function crashService(store: Store, repo: string, ledger: string, tag: string): WorkflowService {
  const unused = () => {
    throw new Error('not used');
  };
  return new WorkflowService({
    store,
    projectRoot: () => repo,
    workspaces: new InPlaceWorkspaces(),
    runner: { run: unused },
    models: { complete: unused },
    defaultModel: () => null,
    tools: null,
    agents: null,
    log: pino({ level: 'silent' }),
    executors: { shell: ledgerExecutor(ledger, tag) },
  });
}
