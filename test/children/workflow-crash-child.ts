// Run by test/integration/workflow/workflow-crash.test.ts through bench/run.mjs (so migrations
// load as in the build): starts the crash workflow, prints its run id and keeps running until the
// test kills it.
import { Store } from '../../src/main/db/client';
import { crashDag, crashService } from '../helpers/crash-workflow';

export default async function main(): Promise<void> {
  const [db, repo, ledger] = process.argv.slice(2) as [string, string, string];
  const store = Store.open(db);
  const service = crashService(store, repo, ledger, 'first');
  const runId = await service.startDefinition('p1', 'crash', crashDag());
  process.stdout.write(`run ${runId}\n`);
  await service.wait(runId);
  process.stdout.write('finished\n');
}
