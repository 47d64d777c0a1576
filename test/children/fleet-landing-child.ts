// Run by test/integration/fleet/merge-queue.test.ts through bench/run.mjs: lands one task and,
// when the landing journal reaches the phase it is told to stop at, says so and waits to be killed.
import { shellCheck } from '../../src/main/fleet/git/check-process';
import { FileLandingJournal, type LandingPhase, type LandingRecord } from '../../src/main/fleet/git/landing-journal';
import { MergeQueue } from '../../src/main/fleet/git/merge-queue';

export default async function main(): Promise<void> {
  const [repo, journalPath, scratchDir, stopAt, worktreePath] = process.argv.slice(2);
  const file = new FileLandingJournal(journalPath!);
  const journal = {
    read: () => file.read(),
    clear: () => file.clear(),
    write: (record: LandingRecord): Promise<void> => {
      file.write(record);
      if (record.phase !== (stopAt as LandingPhase)) return Promise.resolve();
      process.stdout.write(`at ${record.phase}\n`);
      return new Promise(() => undefined);
    },
  };
  const queue = new MergeQueue({
    repo: repo!,
    baseBranch: 'main',
    strategy: 'rebase',
    runCheck: shellCheck('true', { timeoutMs: 10_000 }),
    journal,
    scratchDir: scratchDir!,
  });
  queue.enqueue({ taskId: 't1', branch: 'weft/task-1', worktreePath: worktreePath === '-' ? null : worktreePath! });
  await new Promise(() => undefined);
}
