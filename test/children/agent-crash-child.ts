// Run by test/integration/agent/agent-crash.test.ts through bench/run.mjs (Vite's loader, as the app
// is built): starts an agent run against the fake model, says when it waits for approval, and
// then waits to be killed.
import type { RunView } from '../../src/shared/domain/agent';
import { childBackend } from '../helpers/child-backend';

export default async function main(): Promise<void> {
  const [dataDir, repo, baseUrl] = process.argv.slice(2) as [string, string, string];
  const { backend, project, providerId } = await childBackend({ dataDir, repo, baseUrl });
  const run = await backend.agent.start({
    projectId: project.id,
    task: 'Fix add, then clean up',
    model: { providerId, model: 'fake-model' },
  });
  backend.events.subscribe((channel, payload) => {
    if (channel === 'agent.runChanged' && (payload as RunView).status === 'awaiting_approval')
      process.stdout.write(`waiting ${run.id}\n`);
  });
  await new Promise(() => undefined);
}
