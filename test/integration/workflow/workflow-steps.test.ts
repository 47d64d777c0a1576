import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ToolSetFactory, ToolSetRequest } from '../../../src/main/mcp/tool-set';
import type { AgentStepRunner } from '../../../src/main/workflow/ports';
import { makeRepo } from '../../helpers/fixtures';
import { workflowBackend, workflowService, writeWorkflow } from '../../helpers/workflows';

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', ...args], {
    encoding: 'utf8',
  });

/** A tool set over the run's root with one real tool (reads a file) and one that always fails. */
function fileTools(opened: ToolSetRequest[], closed: string[]): ToolSetFactory {
  return {
    async open(request) {
      opened.push(request);
      return {
        tools: ['files__read', 'files__broken'].map((name) => ({
          name,
          server: 'files',
          tool: name.split('__')[1]!,
          builtIn: true,
          description: name,
          inputSchema: { type: 'object' },
          readOnly: true,
          destructive: false,
          openWorld: false,
        })),
        async call(name, args) {
          if (name === 'files__broken') return { text: 'the disk is on fire', isError: true };
          return { text: readFileSync(join(request.root, String(args.path)), 'utf8'), isError: false };
        },
        async close() {
          closed.push(request.root);
        },
      };
    },
  };
}

describe.runIf(process.platform !== 'win32')('workflow tool, agent and git steps', () => {
  it('calls tools through the run’s tool set (opened once, closed at the end) and agents in the run’s worktree', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'config.json'), '{"retries": 3}');
    const backend = workflowBackend();
    const projectId = (await backend.projects.open(repo)).id;
    const opened: ToolSetRequest[] = [];
    const closed: string[] = [];
    const agentCalls: Parameters<AgentStepRunner['run']>[0][] = [];
    const agents: AgentStepRunner = {
      async run(request) {
        agentCalls.push(request);
        request.onLog?.('editing files');
        writeFileSync(join(request.root, 'agent.txt'), request.prompt);
        return {
          runId: 'agentrun1',
          status: 'completed',
          summary: 'Done.',
          costUsd: 0.25,
          inputTokens: 100,
          outputTokens: 20,
        };
      },
    };
    const service = workflowService(backend, { tools: fileTools(opened, closed), agents });
    writeWorkflow(repo, 'tools', {
      nodes: [
        { id: 'read', kind: 'tool', tool: 'files__read', arguments: { path: 'config.json' }, parse: 'json' },
        { id: 'again', kind: 'tool', tool: 'files__read', arguments: { path: 'README.md' } },
        { id: 'agent', kind: 'agent', prompt: 'Use {{nodes.read.output.retries}} retries' },
      ],
      edges: [
        { from: 'read', to: 'again' },
        { from: 'again', to: 'agent' },
      ],
      outputs: { retries: '{{nodes.read.output.retries}}', summary: '{{nodes.agent.output.summary}}' },
    });
    const runId = await service.start(projectId, 'tools');
    expect(await service.wait(runId)).toEqual({ status: 'completed', outputs: { retries: 3, summary: 'Done.' } });
    expect(opened.map((o) => [o.projectId, o.root])).toEqual([[projectId, repo]]);
    expect(closed).toEqual([repo]);
    expect(agentCalls).toMatchObject([{ projectId, root: repo, prompt: 'Use 3 retries' }]);
    expect(readFileSync(join(repo, 'agent.txt'), 'utf8')).toBe('Use 3 retries');
    expect(service.get(runId)).toMatchObject({ inputTokens: 100, outputTokens: 20, costUsd: 0.25 });
    expect(service.events(runId)).toContainEqual(
      expect.objectContaining({ type: 'node.log', node: 'agent', text: 'editing files' }),
    );

    writeWorkflow(repo, 'broken-tool', {
      nodes: [
        { id: 'bad', kind: 'tool', tool: 'files__broken' },
        { id: 'missing', kind: 'tool', tool: 'files__nothing' },
      ],
    });
    await expect(service.start(projectId, 'broken-tool')).resolves.toBeTypeOf('string');
    const failing = service.runs(projectId)[0]!.id;
    const outcome = await service.wait(failing);
    expect(outcome).toMatchObject({ status: 'failed' });
    const failures = service.events(failing).filter((e) => e.type === 'node.failed');
    expect(
      failures.map((f) => [(f as { node: string }).node, (f as { error: { code: string } }).error.code]).sort(),
    ).toEqual([
      ['bad', 'tool_error'],
      ['missing', 'invalid_input'],
    ]);
  });

  it('fails an agent step whose run did not complete, with the agent run named', async () => {
    const repo = makeRepo();
    const backend = workflowBackend();
    const projectId = (await backend.projects.open(repo)).id;
    const agents: AgentStepRunner = {
      run: async () => ({ runId: 'agentrun2', status: 'step_limit', summary: 'Ran out of steps.', costUsd: null }),
    };
    const service = workflowService(backend, { agents });
    writeWorkflow(repo, 'agent', { nodes: [{ id: 'work', kind: 'agent', prompt: 'Do it' }] });
    const runId = await service.start(projectId, 'agent');
    expect(await service.wait(runId)).toMatchObject({
      status: 'failed',
      error: { code: 'agent_step_limit', message: 'The agent run agentrun2 ended as step limit: Ran out of steps.' },
    });
    expect(service.get(runId).costUsd).toBeNull();
  });

  it('creates branches, merges cleanly, and undoes a conflicting merge leaving the tree clean', async () => {
    const repo = makeRepo();
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'README.md'), '# feature\n');
    git(repo, 'commit', '-qam', 'feature');
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'other.txt'), 'x\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'other');
    git(repo, 'branch', 'clean-one', 'main');
    git(repo, 'checkout', '-q', 'clean-one');
    writeFileSync(join(repo, 'clean.txt'), 'clean\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'clean');
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'README.md'), '# main\n');
    git(repo, 'commit', '-qam', 'main edit');

    const backend = workflowBackend();
    const projectId = (await backend.projects.open(repo)).id;
    const service = workflowService(backend);
    writeWorkflow(repo, 'branches', {
      nodes: [
        { id: 'mark', kind: 'git', op: 'branch', branch: 'release/{{inputs.v}}' },
        { id: 'clean', kind: 'git', op: 'merge', branch: 'clean-one' },
        { id: 'conflict', kind: 'git', op: 'merge', branch: 'feature' },
        { id: 'evil', kind: 'git', op: 'branch', branch: '--upload-pack=x' },
      ],
      inputs: { v: { type: 'string' } },
      edges: [
        { from: 'mark', to: 'clean' },
        { from: 'clean', to: 'conflict' },
        { from: 'conflict', to: 'evil', on: 'failure' },
      ],
    });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'workflow');
    const runId = await service.start(projectId, 'branches', { v: '1.0' });
    expect(await service.wait(runId)).toMatchObject({ status: 'failed', node: 'evil', error: { code: 'invalid_ref' } });
    expect(git(repo, 'branch', '--list', 'release/1.0').trim()).toBe('release/1.0');
    expect(readFileSync(join(repo, 'clean.txt'), 'utf8')).toBe('clean\n');
    const conflict = service.events(runId).find((e) => e.type === 'node.failed' && e.node === 'conflict');
    expect(conflict).toMatchObject({
      handled: true,
      error: { code: 'merge_conflict', message: 'Merging feature conflicts in README.md; the merge was undone.' },
    });
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# main\n');
  });
});
