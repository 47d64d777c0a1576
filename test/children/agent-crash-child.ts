// Run by test/integration/agent/agent-crash.test.ts through bench/run.mjs (Vite's loader, as the app
// is built): starts an agent run against the fake model, says when it waits for approval, and
// then waits to be killed.
import { Backend } from '../../src/main/index';
import type { RunView } from '../../src/shared/domain/agent';

export default async function main(): Promise<void> {
  const [dataDir, repo, baseUrl] = process.argv.slice(2);
  const backend = Backend.create({
    dataDir: dataDir!,
    host: { kind: 'browser', dropFolders: false },
    logLevel: 'warn',
    env: {},
  });
  const project = await backend.projects.open(repo!);
  const provider = backend.modelProviders.save({
    kind: 'openai-compatible',
    flavor: 'custom',
    name: 'Fake',
    baseUrl: baseUrl!,
    toolMode: 'native',
  });
  const run = await backend.agent.start({
    projectId: project.id,
    task: 'Fix add, then clean up',
    model: { providerId: provider.id, model: 'fake-model' },
  });
  backend.events.subscribe((channel, payload) => {
    if (channel === 'agent.runChanged' && (payload as RunView).status === 'awaiting_approval')
      process.stdout.write(`waiting ${run.id}\n`);
  });
  await new Promise(() => undefined);
}
