import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/index';
import type { WorkflowDocument, WorkflowSummary, WorkflowTemplate } from '../../../src/shared/domain/workflow';
import type {
  NodeLogLine,
  NodeRunDetail,
  NodeRunView,
  WorkflowRunDetail,
  WorkflowRunInfo,
} from '../../../src/shared/domain/workflow-runs';
import { call, ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { useModelFixture } from '../../helpers/models';

const shellOnly = {
  version: 1,
  name: 'Hello',
  nodes: [
    { id: 'hello', kind: 'shell', command: 'echo hello' },
    { id: 'bye', kind: 'shell', command: 'echo bye' },
  ],
  edges: [{ from: 'hello', to: 'bye' }],
};

describe('workflow files through the router', () => {
  it('saves a workflow into .weft/workflows as readable JSON, lists it and reads it back', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    expect(await ok(b, 'workflow.list', { projectId })).toEqual([]);

    const saved = await ok<{ issues: unknown[]; path: string }>(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
      create: true,
    });
    expect(saved.issues).toEqual([]);
    expect(saved.path).toBe('.weft/workflows/hello.json');
    const text = readFileSync(join(repo, '.weft/workflows/hello.json'), 'utf8');
    expect(text).toContain('\n  "nodes": [');
    expect(JSON.parse(text)).toEqual(shellOnly);

    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list).toEqual([expect.objectContaining({ name: 'hello', title: 'Hello', nodeCount: 2, issueCount: 0 })]);
    const doc = await ok<WorkflowDocument>(b, 'workflow.get', { projectId, name: 'hello' });
    expect(doc.definition).toEqual(shellOnly);
    expect(doc.issues).toEqual([]);

    // A second "create" with the same name does not overwrite.
    const again = await call(b, 'workflow.save', { projectId, name: 'hello', definition: shellOnly, create: true });
    expect(again.ok ? null : again.error.code).toBe('already_exists');
  });

  it('saves a draft with problems, pinned to their nodes', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    const draft = {
      version: 1,
      nodes: [
        { id: 'a', kind: 'shell', command: 'echo {{nodes.b.output}}' },
        { id: 'b', kind: 'llm', prompt: 'hi', model: { providerId: 'nowhere', model: 'x' } },
        { id: 'c', kind: 'teleport' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    };
    const saved = await ok<{ issues: { node: string | null; message: string }[] }>(b, 'workflow.save', {
      projectId,
      name: 'draft',
      definition: draft,
    });
    expect(saved.issues).toEqual([expect.objectContaining({ node: 'c', field: 'kind' })]);
    // Once the unknown kind is gone, the graph problems show, each on its node.
    const fixed = { ...draft, nodes: draft.nodes.slice(0, 2) };
    const { issues } = await ok<{ issues: { node: string | null; message: string }[] }>(b, 'workflow.validate', {
      projectId,
      name: 'draft',
      definition: fixed,
    });
    expect(issues.map((i) => i.node).sort()).toEqual(['a', 'b']);
    expect(issues.find((i) => i.node === 'a')?.message).toMatch(/does not run before/);
    expect(issues.find((i) => i.node === 'b')?.message).toMatch(/no model provider "nowhere"/);

    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list[0]).toMatchObject({ name: 'draft', issueCount: 1 });
  });

  it('answers workflow_not_found, refuses bad names, and keeps files inside the project', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    const missing = await call(b, 'workflow.get', { projectId, name: 'nope' });
    expect(missing.ok ? null : missing.error.code).toBe('workflow_not_found');
    const removeMissing = await call(b, 'workflow.remove', { projectId, name: 'nope' });
    expect(removeMissing.ok ? null : removeMissing.error.code).toBe('workflow_not_found');
    for (const name of ['../escape', 'a/b', 'UPPER', '.hidden', '']) {
      const reply = await call(b, 'workflow.save', { projectId, name, definition: shellOnly });
      expect(reply.ok ? null : reply.error.code).toBe('invalid_input');
    }
    // A .weft that links out of the repository is refused.
    const outside = tempDir('weft-outside-');
    symlinkSync(outside, join(repo, '.weft'));
    const linked = await call(b, 'workflow.save', { projectId, name: 'x', definition: shellOnly });
    expect(linked.ok ? null : linked.error.code).toBe('path_outside_project');
  });

  it('reports a file that is not JSON and does not overwrite a file changed on disk', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    mkdirSync(join(repo, '.weft/workflows'), { recursive: true });
    writeFileSync(join(repo, '.weft/workflows/broken.json'), '{ "version": 1, ');
    const list = await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId });
    expect(list).toEqual([expect.objectContaining({ name: 'broken', issueCount: 1 })]);
    const got = await call(b, 'workflow.get', { projectId, name: 'broken' });
    expect(got.ok ? null : got.error).toMatchObject({ code: 'workflow_invalid', message: /not valid JSON/ });

    const { mtimeMs } = await ok<{ mtimeMs: number }>(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
    });
    writeFileSync(join(repo, '.weft/workflows/hello.json'), JSON.stringify({ ...shellOnly, name: 'Changed' }));
    const stale = await call(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: shellOnly,
      expectedMtimeMs: mtimeMs - 10_000,
    });
    expect(stale.ok ? null : stale.error.code).toBe('file_changed_on_disk');
    expect(readFileSync(join(repo, '.weft/workflows/hello.json'), 'utf8')).toContain('Changed');

    await ok(b, 'workflow.remove', { projectId, name: 'hello' });
    const names = (await ok<WorkflowSummary[]>(b, 'workflow.list', { projectId })).map((w) => w.name);
    expect(names).toEqual(['broken']);
  });

  it('offers the four starter templates, each valid as it is', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    const templates = await ok<WorkflowTemplate[]>(b, 'workflow.templates');
    expect(templates.map((t) => t.title)).toEqual([
      'Implement, run tests, fix until green, commit',
      'Review the current diff',
      'Write tests for a file',
      'Plan, implement per file in parallel, integrate',
    ]);
    for (const t of templates) {
      const { issues } = await ok<{ issues: unknown[] }>(b, 'workflow.validate', {
        projectId,
        definition: t.definition,
      });
      expect(issues, t.id).toEqual([]);
    }
  });
  it('saves a workflow as a template for every project, lists it after the starters, and skips broken files', async () => {
    const dataDir = tempDir('weft-data-');
    const b = testBackend(dataDir);
    const saved = await ok<WorkflowTemplate>(b, 'workflow.saveTemplate', { name: 'team-flow', definition: shellOnly });
    expect(saved).toMatchObject({ id: 'global:team-flow', source: 'global' });
    writeFileSync(join(dataDir, 'workflow-templates', 'broken.json'), '{ not json');
    const templates = await ok<WorkflowTemplate[]>(b, 'workflow.templates');
    expect(templates.map((t) => t.source)).toEqual(['starter', 'starter', 'starter', 'starter', 'global']);
    expect(templates.at(-1)).toMatchObject({ name: 'team-flow', definition: shellOnly });

    // Another project starts from it.
    const projectId = await openProject(b, makeRepo('other'));
    const created = await call(b, 'workflow.save', {
      projectId,
      name: 'from-template',
      definition: templates.at(-1)!.definition,
      create: true,
    });
    expect(created.ok).toBe(true);
  });
  it('pins an unknown tool to its step, and accepts the built-in ones', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    const definition = (tool: string) => ({
      version: 1,
      nodes: [{ id: 'read', kind: 'tool', tool, arguments: { path: 'README.md' } }],
      edges: [],
    });
    const bad = await ok<{ issues: { node: string | null; message: string }[] }>(b, 'workflow.validate', {
      projectId,
      definition: definition('files__reed'),
    });
    expect(bad.issues).toEqual([
      expect.objectContaining({ node: 'read', message: expect.stringContaining('files__reed') }),
    ]);
    const good = await ok<{ issues: unknown[] }>(b, 'workflow.validate', {
      projectId,
      definition: definition('files__read'),
    });
    expect(good.issues).toEqual([]);
  });
});

/** Every workflow event the backend emits, in order. */
function recordEvents(b: Backend) {
  const seen = { runs: [] as WorkflowRunInfo[], nodes: [] as NodeRunView[], lines: [] as NodeLogLine[] };
  b.events.subscribe((channel, payload) => {
    if (channel === 'workflow.runChanged') seen.runs.push(payload as WorkflowRunInfo);
    if (channel === 'workflow.nodesChanged') seen.nodes.push(...(payload as { nodes: NodeRunView[] }).nodes);
    if (channel === 'workflow.nodeLog') seen.lines.push(...(payload as { lines: NodeLogLine[] }).lines);
  });
  return seen;
}

async function settled(b: Backend, runId: string): Promise<WorkflowRunDetail> {
  let detail: WorkflowRunDetail | undefined;
  await expect
    .poll(
      async () => {
        detail = await ok<WorkflowRunDetail>(b, 'workflow.runDetail', { runId });
        return detail.run.status;
      },
      { timeout: 20_000, interval: 100 },
    )
    .not.toMatch(/^running$/);
  return detail!;
}

describe('workflow runs through the router', () => {
  it('runs a shell-only workflow in its own worktree and streams node states and logs', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    const seen = recordEvents(b);
    await ok(b, 'workflow.save', {
      projectId,
      name: 'hello',
      definition: {
        version: 1,
        nodes: [
          { id: 'hello', kind: 'shell', command: 'sleep 0.3 && echo hello from weft && echo made > made.txt' },
          { id: 'bye', kind: 'shell', command: 'echo {{nodes.hello.output.stdout}} and bye' },
        ],
        edges: [{ from: 'hello', to: 'bye' }],
      },
    });
    const started = await ok<WorkflowRunInfo>(b, 'workflow.run', { projectId, name: 'hello', inputs: {} });
    expect(started).toMatchObject({ workflow: 'hello', projectId });
    const detail = await settled(b, started.id);
    expect(detail.run.status).toBe('completed');
    expect(detail.run.counts).toMatchObject({ total: 2, completed: 2, failed: 0 });
    expect(detail.nodes.map((n) => [n.key, n.status])).toEqual([
      ['hello', 'completed'],
      ['bye', 'completed'],
    ]);
    expect(detail.nodes.every((n) => n.durationMs !== null && n.durationMs >= 0)).toBe(true);

    const bye = await ok<NodeRunDetail>(b, 'workflow.nodeDetail', { runId: started.id, node: 'bye' });
    // The first step's output went into the second's command as one quoted word (its newline too).
    expect(bye.output).toMatchObject({ exitCode: 0, stdout: 'hello from weft\n and bye\n' });
    expect(bye.logs.map((l) => l.text).join('')).toContain('and bye');

    // The renderer heard each node go from running to completed, and the log lines, as they happened.
    // A run's end resends every node, so count each node once.
    const completed = () => [...new Set(seen.nodes.filter((n) => n.status === 'completed').map((n) => n.key))];
    await expect.poll(completed).toEqual(['hello', 'bye']);
    expect(seen.nodes.some((n) => n.key === 'hello' && n.status === 'running')).toBe(true);
    expect(seen.lines.map((l) => l.text).join('')).toContain('hello from weft');
    expect(seen.runs.at(-1)).toMatchObject({ id: started.id, status: 'completed' });

    // The steps worked in the run's worktree, not in the user's checkout.
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
    expect(existsSync(join(detail.run.root, 'made.txt'))).toBe(true);

    const runs = await ok<WorkflowRunInfo[]>(b, 'workflow.runs', { projectId });
    expect(runs.map((r) => r.id)).toEqual([started.id]);
    expect(await ok(b, 'workflow.runs', { projectId, workflow: 'other' })).toEqual([]);
  });

  it('gives a step that asks for it a worktree of its own, branched from the run’s', async () => {
    const b = testBackend();
    const repo = makeRepo();
    const projectId = await openProject(b, repo);
    await ok(b, 'workflow.save', {
      projectId,
      name: 'own',
      definition: {
        version: 1,
        nodes: [
          // Commands run sandboxed, with git's metadata read-only: the commit is a git step's.
          { id: 'shared', kind: 'shell', command: 'echo shared > shared.txt' },
          { id: 'commit', kind: 'git', op: 'commit', message: 'shared' },
          { id: 'alone', kind: 'shell', command: 'ls && echo alone > alone.txt && pwd', workspace: 'own' },
        ],
        edges: [
          { from: 'shared', to: 'commit' },
          { from: 'commit', to: 'alone' },
        ],
      },
    });
    const started = await ok<WorkflowRunInfo>(b, 'workflow.run', { projectId, name: 'own', inputs: {} });
    const detail = await settled(b, started.id);
    expect(detail.run.status).toBe('completed');
    const alone = await ok<NodeRunDetail>(b, 'workflow.nodeDetail', { runId: started.id, node: 'alone' });
    const output = alone.output as { stdout: string };
    const ownRoot = output.stdout.trim().split('\n').at(-1)!;
    // It saw the run's committed work, and what it wrote stayed in its own worktree.
    expect(output.stdout).toContain('shared.txt');
    expect(ownRoot).not.toBe(detail.run.root);
    expect(existsSync(join(ownRoot, 'alone.txt'))).toBe(true);
    expect(existsSync(join(detail.run.root, 'alone.txt'))).toBe(false);
    expect(existsSync(join(repo, 'alone.txt'))).toBe(false);
  });

  it('refuses to run a draft with problems, and retries a failed node with the fixed workflow', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    await ok(b, 'workflow.save', {
      projectId,
      name: 'draft',
      definition: { version: 1, nodes: [{ id: 'a', kind: 'shell', command: 'echo {{nodes.zzz.output}}' }] },
    });
    const refused = await call(b, 'workflow.run', { projectId, name: 'draft', inputs: {} });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'workflow_invalid', message: /zzz/ });

    const failing = {
      version: 1,
      nodes: [
        { id: 'first', kind: 'shell', command: 'echo first' },
        { id: 'check', kind: 'shell', command: 'echo checking; exit 3' },
      ],
      edges: [{ from: 'first', to: 'check' }],
    };
    await ok(b, 'workflow.save', { projectId, name: 'flaky', definition: failing });
    const run = await ok<WorkflowRunInfo>(b, 'workflow.run', { projectId, name: 'flaky', inputs: {} });
    const failed = await settled(b, run.id);
    expect(failed.run.status).toBe('failed');
    const check = failed.nodes.find((n) => n.key === 'check')!;
    expect(check).toMatchObject({ status: 'failed', error: { code: 'exit_code' } });

    // Fix the step and retry from it: the first step is reused, the fixed one runs.
    const fixed = { ...failing, nodes: [failing.nodes[0], { id: 'check', kind: 'shell', command: 'echo fixed' }] };
    await ok(b, 'workflow.save', { projectId, name: 'flaky', definition: fixed });
    const retried = await ok<WorkflowRunInfo>(b, 'workflow.retry', { runId: run.id, node: 'check' });
    expect(retried.attempt).toBe(2);
    const done = await settled(b, run.id);
    expect(done.run.status).toBe('completed');
    const detail = await ok<NodeRunDetail>(b, 'workflow.nodeDetail', { runId: run.id, node: 'check' });
    expect(detail.output).toMatchObject({ stdout: 'fixed\n' });
    const first = await ok<NodeRunDetail>(b, 'workflow.nodeDetail', { runId: run.id, node: 'first' });
    expect(first.node.attempt).toBe(1);
  });

  it('waits at an approval node until it is answered', async () => {
    const b = testBackend();
    const projectId = await openProject(b, makeRepo());
    await ok(b, 'workflow.save', {
      projectId,
      name: 'gate',
      definition: {
        version: 1,
        nodes: [
          { id: 'ask', kind: 'approval', message: 'Ship it?' },
          { id: 'ship', kind: 'shell', command: 'echo shipped' },
        ],
        edges: [{ from: 'ask', to: 'ship' }],
      },
    });
    const run = await ok<WorkflowRunInfo>(b, 'workflow.run', { projectId, name: 'gate', inputs: {} });
    await expect
      .poll(async () => (await ok<WorkflowRunInfo[]>(b, 'workflow.runs', { projectId }))[0]?.status)
      .toBe('awaiting_approval');
    const waiting = await ok<WorkflowRunDetail>(b, 'workflow.runDetail', { runId: run.id });
    expect(waiting.run.waiting).toEqual([{ node: 'ask', message: 'Ship it?' }]);
    expect(waiting.nodes.find((n) => n.key === 'ask')).toMatchObject({ status: 'waiting', message: 'Ship it?' });
    const wrong = await call(b, 'workflow.approve', { runId: run.id, node: 'ship', approved: true });
    expect(wrong.ok ? null : wrong.error.code).toBe('approval_not_found');
    await ok(b, 'workflow.approve', { runId: run.id, node: 'ask', approved: true });
    expect((await settled(b, run.id)).run.status).toBe('completed');
  });
});

describe('an agent step through the router', () => {
  const fx = useModelFixture();

  it('runs as an agent run in the workflow’s worktree, and its output names that run', async () => {
    const b = fx.start();
    const providerId = await fx.addLocal('native');
    fx.fake.enqueue({ text: 'Nothing needed changing; the task is done.', usage: { input: 30, output: 8 } });
    const projectId = await openProject(b, makeRepo());
    await ok(b, 'workflow.save', {
      projectId,
      name: 'agentic',
      definition: {
        version: 1,
        nodes: [{ id: 'think', kind: 'agent', prompt: 'Check the README', model: { providerId, model: 'fake' } }],
      },
    });
    const run = await ok<WorkflowRunInfo>(b, 'workflow.run', { projectId, name: 'agentic', inputs: {} });
    const detail = await settled(b, run.id);
    expect(detail.run.status).toBe('completed');
    expect(detail.nodes[0]).toMatchObject({ key: 'think', status: 'completed', inputTokens: 30, outputTokens: 8 });
    const think = await ok<NodeRunDetail>(b, 'workflow.nodeDetail', { runId: run.id, node: 'think' });
    const output = think.output as { runId: string; summary: string };
    expect(output.summary).toContain('the task is done');
    const agentRuns = await ok<{ id: string; worktree: string | null }[]>(b, 'agent.list', { projectId });
    expect(agentRuns.find((r) => r.id === output.runId)?.worktree).toBe(detail.run.root);
  });
});
