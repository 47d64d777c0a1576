import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint)', () => {
  it('keeps electron inside src/main/electron and src/preload', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restricted('src/main/projects/x.ts', code)).toHaveLength(1);
    expect(await restricted('src/main/electron/x.ts', code)).toEqual([]);
    expect(await restricted('src/preload/x.ts', code)).toEqual([]);
  }, 30_000);

  it('keeps src/shared free of Node and of the processes', async () => {
    expect(
      await restricted('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await restricted('src/shared/x.ts', "import { Backend } from '../main/index';\nexport const y = Backend;\n"),
    ).toHaveLength(1);
  }, 30_000);

  it('lets the renderer reach main only through the contract', async () => {
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { Backend } from '../../main/index';\nexport const z = Backend;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { spawn } from 'node:child_process';\nexport const z = spawn;\n",
      ),
    ).toHaveLength(1);
  }, 30_000);

  it('keeps stores/ free of features', async () => {
    const code =
      "import { useWorkflowRuns } from '../features/workflow/state/workflow-runs';\nexport const s = useWorkflowRuns;\n";
    expect(await restricted('src/renderer/src/stores/x.ts', code)).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/stores/x.ts',
        "import { openRun } from '../features/agent';\nexport const s = openRun;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/stores/x.ts',
        "import { useSettings } from './settings';\nexport const s = useSettings;\n",
      ),
    ).toEqual([]);
  }, 30_000);

  it('lets a feature reach another only through its index.ts', async () => {
    const inside = "import { openFolder } from '../welcome/open-folder';\nexport const f = openFolder;\n";
    const index = "import { openFolder } from '../welcome';\nexport const f = openFolder;\n";
    expect(await restricted('src/renderer/src/features/explorer/x.ts', inside)).toHaveLength(1);
    expect(await restricted('src/renderer/src/features/explorer/x.ts', index)).toEqual([]);
    // From a feature's subfolder, two levels lead back to features/.
    const deep = "import { useModels } from '../../models/state/models';\nexport const f = useModels;\n";
    expect(await restricted('src/renderer/src/features/agent/state/x.ts', deep)).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/features/agent/state/x.ts',
        "import { useModels } from '../../models';\nexport const f = useModels;\n",
      ),
    ).toEqual([]);
    // Its own files, stores and lib stay open.
    const own =
      "import { x } from '../timeline';\nimport { api } from '../../../lib/api';\nexport const f = [x, api];\n";
    expect(await restricted('src/renderer/src/features/agent/state/x.ts', own)).toEqual([]);
  }, 30_000);
});

const features = resolve('src/renderer/src/features');

/** Which feature folders each feature folder imports (statically or lazily), from the source. */
function featureGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  for (const file of walk(features)) {
    const from = relative(features, file).split('/')[0]!;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']*)'/g)) {
      const target = relative(features, resolve(dirname(file), m[1]!));
      const to = target.split('/')[0]!;
      if (!target.startsWith('..') && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A cycle through the graph as a list of folders, or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('feature folders', () => {
  it('import each other without a cycle', () => {
    const graph = featureGraph();
    // The graph is real: the explorer opens files through the editor feature.
    expect(graph.get('explorer')?.has('editor')).toBe(true);
    expect(findCycle(graph)).toBeNull();
  });

  it('a cycle is found when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });
});
