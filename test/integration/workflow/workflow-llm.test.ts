import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../../helpers/fixtures';
import { useModelFixture } from '../../helpers/models';
import { workflowService, writeWorkflow } from '../../helpers/workflows';

const m = useModelFixture();

describe.runIf(process.platform !== 'win32')('workflow llm steps', () => {
  it("feeds an llm step's JSON answer to a map, journals its tokens and attributes its usage to the node", async () => {
    const backend = m.start();
    const providerId = await m.addLocal();
    const repo = makeRepo();
    const projectId = (await backend.projects.open(repo)).id;
    const service = workflowService(backend, {}, { ownsBackend: false });
    writeWorkflow(repo, 'plan-then-touch', {
      inputs: { task: { type: 'string' } },
      nodes: [
        {
          id: 'plan',
          kind: 'llm',
          model: { providerId, model: 'fake-model' },
          prompt: 'List the files to change for: {{inputs.task}}',
          outputSchema: {
            type: 'object',
            properties: { files: { type: 'array', items: { type: 'string' } } },
            required: ['files'],
          },
        },
        {
          id: 'each',
          kind: 'map',
          items: '{{nodes.plan.output.files}}',
          concurrency: 2,
          body: { nodes: [{ id: 'touch', kind: 'shell', command: 'echo {{item}} >> touched.txt' }], edges: [] },
        },
      ],
      edges: [{ from: 'plan', to: 'each' }],
    });
    m.fake.enqueue({ text: '{"files":["a.ts","b c.ts"]}', usage: { input: 120, output: 30 } });
    const runId = await service.start(projectId, 'plan-then-touch', { task: 'rename x' });
    expect((await service.wait(runId))?.status).toBe('completed');

    expect(readFileSync(join(repo, 'touched.txt'), 'utf8').split('\n').filter(Boolean).sort()).toEqual([
      'a.ts',
      'b c.ts',
    ]);
    const planned = service.events(runId).find((e) => e.type === 'node.completed' && e.node === 'plan');
    expect(planned).toMatchObject({
      output: { files: ['a.ts', 'b c.ts'] },
      metrics: { inputTokens: 120, outputTokens: 30, costUsd: 0 },
    });
    expect(service.get(runId)).toMatchObject({ inputTokens: 120, outputTokens: 30, costUsd: 0 });
    expect(
      backend.store.sqlite.prepare('select node_id, outcome from model_usage where workflow_id = ?').all(runId),
    ).toEqual([{ node_id: 'plan', outcome: 'ok' }]);
    expect(m.fake.calls.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: 'List the files to change for: rename x' }],
    });
  });
});
