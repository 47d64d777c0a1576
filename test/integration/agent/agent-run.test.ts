import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow, RunEntry, RunView } from '../../../src/shared/domain/agent';
import { buggyRepo, git, ok, waitForStatus } from '../../helpers/agent';
import { call, useModelFixture } from '../../helpers/models';

const fx = useModelFixture();

async function setup(toolMode: 'native' | 'text' = 'native') {
  const backend = fx.start();
  const providerId = await fx.addLocal(toolMode);
  const repo = buggyRepo();
  const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
  const start = (task: string, extra: Record<string, unknown> = {}) =>
    ok<RunView>(backend, 'agent.start', {
      projectId: project.id,
      task,
      model: { providerId, model: 'fake-model' },
      ...extra,
    });
  const entries = async (runId: string) => (await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId })).entries;
  return { backend, repo, project, start, entries };
}

const fixEdit = { path: 'src/math.js', old_string: 'a - b', new_string: 'a + b' };

describe('agent runs', () => {
  it('reads, edits and tests in its own worktree, checkpoints the step, and leaves the user’s tree alone', async () => {
    const { backend, repo, project, start, entries } = await setup();
    fx.fake.enqueue(
      { text: 'Let me look at the code.', toolCalls: [{ name: 'files__read', arguments: { path: 'src/math.js' } }] },
      { toolCalls: [{ name: 'files__edit', arguments: fixEdit }] },
      { toolCalls: [{ name: 'shell__run', arguments: { command: 'npm test' } }] },
      { text: 'Fixed add(): it subtracted instead of adding. The tests pass.' },
    );
    const run = await start('Fix the failing test');
    expect(run.branch).toBe(`weft/${run.id}`);
    expect(run.worktree).not.toBe(repo);
    const done = await waitForStatus(backend, run.id, ['completed', 'failed']);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.steps).toBe(4);

    const timeline = await entries(run.id);
    const tools = timeline.filter((e) => e.kind === 'tool');
    expect(tools.map((t) => [t.tool, t.state])).toEqual([
      ['files__read', 'done'],
      ['files__edit', 'done'],
      ['shell__run', 'done'],
    ]);
    expect(tools[2]!.result).toContain('PASS add');
    const checkpoints = timeline.filter((e) => e.kind === 'checkpoint');
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]!.files).toEqual([expect.objectContaining({ path: 'src/math.js', status: 'modified' })]);
    expect(timeline.at(-1)).toMatchObject({ kind: 'status', status: 'completed' });

    // The model saw the file it read and the project's AGENTS.md.
    const second = JSON.stringify(fx.fake.calls[1]!.body);
    expect(second).toContain('a - b');
    expect(JSON.stringify(fx.fake.calls[0]!.body)).toContain('Run the tests with `npm test`');

    // The diff is in the run's worktree only.
    const changes = await ok<{ path: string; additions: number; deletions: number }[]>(backend, 'agent.changes', {
      runId: run.id,
      from: null,
      to: null,
    });
    expect(changes).toEqual([expect.objectContaining({ path: 'src/math.js', additions: 1, deletions: 1 })]);
    expect(readFileSync(join(run.worktree!, 'src/math.js'), 'utf8')).toContain('a + b');
    expect(readFileSync(join(repo, 'src/math.js'), 'utf8')).toContain('a - b');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');

    // The test command ran as a read-only terminal tab, allowed by the policy's allow list.
    expect(backend.terminals.list().map((t) => [t.name, t.exitCode])).toEqual([['Agent: npm test', 0]]);
    const audit = await ok<AuditRow[]>(backend, 'agent.audit', { projectId: project.id, runId: run.id, limit: 50 });
    expect(audit.find((a) => a.tool === 'shell__run')).toMatchObject({
      decision: 'allow',
      decidedBy: 'policy',
      subject: 'npm test',
    });
  });

  it('denies paths outside the project without running anything, and asks before other commands', async () => {
    const { backend, repo, project, start, entries } = await setup();
    const marker = join(repo, '..', 'outside-marker');
    fx.fake.enqueue(
      { toolCalls: [{ name: 'shell__run', arguments: { command: `touch ${marker}` } }] },
      { toolCalls: [{ name: 'files__read', arguments: { path: '../../../../etc/passwd' } }] },
      { toolCalls: [{ name: 'shell__run', arguments: { command: 'rm -f README.md' } }] },
      { text: 'Removed the README.' },
    );
    const run = await start('Tidy up');
    await waitForStatus(backend, run.id, ['awaiting_approval']);
    // Nothing ran for the denied command: no process, no tab, no file.
    expect(existsSync(marker)).toBe(false);
    expect(backend.terminals.list()).toEqual([]);

    const timeline = await entries(run.id);
    const card = timeline.find((e) => e.kind === 'approval');
    expect(card).toMatchObject({
      kind: 'approval',
      tool: 'shell__run',
      subject: { kind: 'command', command: 'rm -f README.md', cwd: '.' },
      decision: null,
    });
    expect(timeline.filter((e) => e.kind === 'tool').map((t) => t.state)).toEqual([
      'denied',
      'denied',
      'awaiting_approval',
    ]);
    await ok(backend, 'agent.approve', {
      runId: run.id,
      approvalId: card!.kind === 'approval' ? card!.approvalId : '',
      decision: 'allow_once',
    });
    const done = await waitForStatus(backend, run.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(existsSync(join(run.worktree!, 'README.md'))).toBe(false);
    expect(existsSync(join(repo, 'README.md'))).toBe(true);
    expect(existsSync(marker)).toBe(false);

    // The model was told why, so it can take another way.
    expect(JSON.stringify(fx.fake.calls[1]!.body)).toContain('outside the project');
    const audit = await ok<AuditRow[]>(backend, 'agent.audit', { projectId: project.id, runId: run.id, limit: 50 });
    expect(audit.map((a) => [a.tool, a.decision, a.decidedBy]).reverse()).toEqual([
      ['shell__run', 'deny', 'policy'],
      ['files__read', 'deny', 'policy'],
      ['shell__run', 'allow_once', 'user'],
    ]);
  });

  it('saves an always-allow answer as a project rule that the next run follows', async () => {
    const { backend, project, start, entries } = await setup();
    fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: 'node test.js' } }] }, { text: 'ok' });
    const first = await start('Run the test file');
    await waitForStatus(backend, first.id, ['awaiting_approval']);
    const card = (await entries(first.id)).find((e) => e.kind === 'approval');
    await ok(backend, 'agent.approve', {
      runId: first.id,
      approvalId: card!.kind === 'approval' ? card!.approvalId : '',
      decision: 'allow_always',
    });
    await waitForStatus(backend, first.id, ['completed']);
    const rules = await ok<{ tool: string; command: string | null; action: string }[]>(backend, 'agent.rules', {
      projectId: project.id,
    });
    expect(rules).toEqual([expect.objectContaining({ tool: 'shell__run', command: 'node test.js', action: 'allow' })]);

    fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: 'node test.js' } }] }, { text: 'ok' });
    const second = await start('Run it again');
    const done = await waitForStatus(backend, second.id, ['completed', 'awaiting_approval']);
    expect(done.status).toBe('completed');
  });

  it('stops while waiting for approval, then continues with a follow-up message', async () => {
    const { backend, start, entries } = await setup();
    fx.fake.enqueue({ toolCalls: [{ name: 'shell__run', arguments: { command: 'sleep 30' } }] });
    const run = await start('Wait a while');
    await waitForStatus(backend, run.id, ['awaiting_approval']);
    const stopped = await ok<RunView>(backend, 'agent.stop', { runId: run.id });
    expect(stopped.status).toBe('cancelled');
    expect((await entries(run.id)).filter((e) => e.kind === 'tool').map((t) => t.state)).toEqual(['cancelled']);

    fx.fake.enqueue({ text: 'Understood, I will not wait.' });
    await ok(backend, 'agent.send', { runId: run.id, text: 'Never mind, just say ok.' });
    const done = await waitForStatus(backend, run.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    // The model saw the cancelled call answered and the follow-up after it.
    const body = JSON.stringify(fx.fake.calls.at(-1)!.body);
    expect(body).toContain('Cancelled by the user');
    expect(body).toContain('Never mind, just say ok.');
  });

  it('keeps a tool call written as text out of the step’s text, and sends it back once', async () => {
    const { backend, start, entries } = await setup('text');
    const read = '<tool_call>{"name": "files__read", "arguments": {"path": "src/math.js"}}</tool_call>';
    fx.fake.enqueue({ text: read }, { text: 'Found it.' });
    const run = await start('Find the bug');
    expect((await waitForStatus(backend, run.id, ['completed', 'failed'])).status).toBe('completed');
    const list = await entries(run.id);
    expect(list.filter((e) => e.kind === 'assistant').map((e) => e.kind === 'assistant' && e.text)).toEqual([
      '',
      'Found it.',
    ]);
    expect(list.find((e) => e.kind === 'tool')).toMatchObject({ tool: 'files__read', state: 'done' });
    const history = (fx.fake.calls[1]!.body as { messages: { role: string; content: unknown }[] }).messages;
    const said = history.filter((m) => m.role === 'assistant').map((m) => JSON.stringify(m.content));
    expect(said.join('\n').match(/<tool_call>/g)).toHaveLength(1);
  });

  it('stops at the step limit with a clear status', async () => {
    const { backend, start } = await setup();
    const read = { toolCalls: [{ name: 'files__read', arguments: { path: 'README.md' } }] };
    fx.fake.enqueue(read, read, read);
    const run = await start('Read forever', { maxSteps: 2 });
    const done = await waitForStatus(backend, run.id, ['step_limit', 'completed', 'failed']);
    expect(done.status).toBe('step_limit');
    expect(done.steps).toBe(2);

    // A follow-up gives the run its own allowance again (2, not a default 40), and says so: the
    // third read still queued and a last answer fit in it.
    fx.fake.enqueue({ text: 'Done reading.' });
    await backend.agent.idleAll();
    await ok(backend, 'agent.send', { runId: run.id, text: 'Go on.' });
    const again = await waitForStatus(backend, run.id, ['completed', 'step_limit', 'failed']);
    expect(again).toMatchObject({ status: 'completed', steps: 4, maxSteps: 4 });
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: run.id });
    expect(entries.filter((e) => e.kind === 'user').map((e) => e.kind === 'user' && e.steps)).toEqual([
      { allowance: 2, limit: 2 },
      { allowance: 2, limit: 4 },
    ]);
  });

  it('rolls back a step, undoes the rollback, and merges the result into the user’s branch', async () => {
    const { backend, repo, start } = await setup();
    fx.fake.enqueue(
      { toolCalls: [{ name: 'files__edit', arguments: fixEdit }] },
      { toolCalls: [{ name: 'files__write', arguments: { path: 'NOTES.md', content: 'add() fixed\n' } }] },
      { text: 'Done.' },
    );
    const run = await start('Fix add and write a note');
    await waitForStatus(backend, run.id, ['completed']);
    const checkpoints = await ok<{ id: string; step: number }[]>(backend, 'agent.checkpoints', { runId: run.id });
    expect(checkpoints.map((c) => c.step)).toEqual([1, 2]);

    await ok(backend, 'agent.rollback', { runId: run.id, checkpointId: checkpoints[0]!.id });
    expect(existsSync(join(run.worktree!, 'NOTES.md'))).toBe(false);
    expect(readFileSync(join(run.worktree!, 'src/math.js'), 'utf8')).toContain('a + b');
    await ok(backend, 'agent.undoRollback', { runId: run.id });
    expect(readFileSync(join(run.worktree!, 'NOTES.md'), 'utf8')).toBe('add() fixed\n');

    const step2 = await ok<{ path: string }[]>(backend, 'agent.changes', {
      runId: run.id,
      from: checkpoints[0]!.id,
      to: checkpoints[1]!.id,
    });
    expect(step2.map((c) => c.path)).toEqual(['NOTES.md']);
    const versions = await ok<{ original: string | null; modified: string | null }>(backend, 'agent.fileVersions', {
      runId: run.id,
      from: null,
      to: null,
      path: 'src/math.js',
    });
    expect(versions).toMatchObject({
      original: 'exports.add = (a, b) => a - b;\n',
      modified: 'exports.add = (a, b) => a + b;\n',
    });

    const merged = await ok<RunView>(backend, 'agent.finish', { runId: run.id, action: 'merge' });
    expect(merged.review).toBe('merged');
    expect(merged.worktree).toBeNull();
    expect(readFileSync(join(repo, 'src/math.js'), 'utf8')).toContain('a + b');
    expect(readFileSync(join(repo, 'NOTES.md'), 'utf8')).toBe('add() fixed\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
  it('runs on a remote model over the Anthropic protocol, counts tokens and cost, and stops at its budget', async () => {
    const backend = fx.start({ ANTHROPIC_API_KEY: 'sk-ant-agent-test-0000000000' });
    await ok(backend, 'models.saveProvider', {
      id: 'anthropic',
      kind: 'anthropic',
      name: 'Anthropic',
      baseUrl: fx.fake.anthropicUrl,
    });
    const project = await ok<{ id: string }>(backend, 'projects.open', { path: buggyRepo() });
    const usage = { input: 100_000, output: 10_000 };
    fx.fake.enqueue(
      { text: 'Reading.', toolCalls: [{ name: 'files__read', arguments: { path: 'src/math.js' } }], usage },
      { toolCalls: [{ name: 'files__edit', arguments: fixEdit }], usage },
    );
    const run = await ok<RunView>(backend, 'agent.start', {
      projectId: project.id,
      task: 'Fix add',
      model: { providerId: 'anthropic', model: 'claude-sonnet-4-6' },
      budgetUsd: 0.5,
    });
    const done = await waitForStatus(backend, run.id, ['budget_exceeded', 'completed', 'failed']);
    expect(done.status).toBe('budget_exceeded');
    expect(done.error?.message).toContain('budget');
    // One call of 100k in / 10k out at Sonnet prices is over $0.45; the second reaches the budget.
    expect(done.steps).toBe(2);
    expect(done.inputTokens).toBe(200_000);
    expect(done.outputTokens).toBe(20_000);
    expect(done.costUsd).toBeGreaterThanOrEqual(0.5);
    expect(fx.fake.calls).toHaveLength(2);
    expect(fx.fake.calls[0]!.path).toBe('/v1/messages');
    // Each step records what the run had cost by then, so the cost chart survives a reload.
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: run.id });
    const costs = entries.flatMap((e) => (e.kind === 'assistant' ? [e.runCostUsd] : []));
    expect(costs).toHaveLength(2);
    expect(costs[0]).toBeCloseTo(0.45, 5);
    expect(costs[1]).toBeCloseTo(0.9, 5);
  });
  it('runs as a workflow step inside a given worktree, unattended: what would ask is denied, not waited for', async () => {
    const backend = fx.open({ unattended: true });
    const providerId = await fx.addLocal('native');
    const repo = buggyRepo();
    const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
    const ws = await backend.workspaces.create({ projectRoot: repo, runId: 'wfstep01' });
    fx.fake.enqueue(
      { toolCalls: [{ name: 'shell__run', arguments: { command: 'rm -f README.md' } }] },
      { toolCalls: [{ name: 'files__edit', arguments: fixEdit }] },
      { text: 'Fixed add; I was not allowed to delete the README.' },
    );
    const logs: string[] = [];
    const result = await backend.agent.runStep({
      projectId: project.id,
      root: ws.path,
      prompt: 'Fix add',
      model: { providerId, model: 'fake-model' },
      signal: new AbortController().signal,
      onLog: (line) => logs.push(line),
    });
    expect(result).toMatchObject({
      status: 'completed',
      summary: 'Fixed add; I was not allowed to delete the README.',
    });
    expect(readFileSync(join(ws.path, 'src/math.js'), 'utf8')).toContain('a + b');
    expect(existsSync(join(ws.path, 'README.md'))).toBe(true);
    expect(logs).toEqual(expect.arrayContaining(['shell__run denied', 'files__edit done']));
    const [listed] = await ok<RunView[]>(backend, 'agent.list', { projectId: project.id });
    expect(listed).toMatchObject({ id: result.runId, review: 'workflow', branch: 'weft/wfstep01' });
    const refused = await call(backend, 'agent.finish', { runId: result.runId, action: 'discard' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(existsSync(ws.path)).toBe(true);
  });
  it('keeps the text that streamed before the user stopped a stalled model', async () => {
    const { backend, start, entries } = await setup();
    fx.fake.enqueue({ text: 'I will start by reading the whole repository carefully.', fault: { kind: 'stall' } });
    const run = await start('Explain the repository');
    await new Promise<void>((resolve) => {
      const stop = backend.events.subscribe((channel, payload) => {
        if (channel === 'agent.delta' && (payload as { runId: string }).runId === run.id) {
          stop();
          resolve();
        }
      });
    });
    const stopped = await ok<RunView>(backend, 'agent.stop', { runId: run.id });
    expect(stopped.status).toBe('cancelled');
    const assistant = (await entries(run.id)).find((e) => e.kind === 'assistant');
    expect(assistant && assistant.kind === 'assistant' && assistant.text.length).toBeGreaterThan(0);
    expect('I will start by reading the whole repository carefully.').toContain(
      assistant && assistant.kind === 'assistant' ? assistant.text : '?',
    );
  });
  it('asks before writing when a step works in the repository itself, so unattended it writes nothing', async () => {
    const backend = fx.open({ unattended: true });
    const providerId = await fx.addLocal('native');
    const repo = buggyRepo();
    const project = await ok<{ id: string }>(backend, 'projects.open', { path: repo });
    fx.fake.enqueue({ toolCalls: [{ name: 'files__edit', arguments: fixEdit }] }, { text: 'I could not edit.' });
    const result = await backend.agent.runStep({
      projectId: project.id,
      root: repo,
      prompt: 'Fix add',
      model: { providerId, model: 'fake-model' },
      signal: new AbortController().signal,
    });
    expect(result.status).toBe('completed');
    expect(readFileSync(join(repo, 'src/math.js'), 'utf8')).toContain('a - b');
    const { entries } = await ok<{ entries: RunEntry[] }>(backend, 'agent.get', { runId: result.runId });
    expect(entries.find((e) => e.kind === 'tool')).toMatchObject({ state: 'denied' });
    expect(entries.some((e) => e.kind === 'checkpoint')).toBe(false);
  });
});
