import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellCheck } from '../../../src/main/fleet/git/check-process';
import { FileLandingJournal } from '../../../src/main/fleet/git/landing-journal';
import { MergeQueue, type LandingOutcome } from '../../../src/main/fleet/git/merge-queue';
import { ConflictRadar } from '../../../src/main/fleet/git/radar';
import { tempDir } from '../../helpers/fixtures';
import { commitOn, fleetRepo, g } from './radar-helpers';

// A git that says it is 2.37 (and is the real one otherwise) first on the PATH. This file has its
// own module instances, so the version the fleet reads is this one.
const realPath = process.env.PATH;
beforeAll(() => {
  const bin = tempDir('weft-old-git-');
  const fake = join(bin, 'git');
  const real = process.env
    .PATH!.split(':')
    .map((d) => join(d, 'git'))
    .find((p) => p !== fake && existsSync(p));
  writeFileSync(
    fake,
    `#!/bin/sh\n[ "$1" = version ] || [ "$3" = version ] && { echo "git version 2.37.1"; exit 0; }\nexec ${real} "$@"\n`,
  );
  chmodSync(fake, 0o755);
  process.env.PATH = `${bin}:${realPath}`;
});
afterAll(() => {
  process.env.PATH = realPath;
});

describe('with git older than 2.38', () => {
  it('the radar and the merge queue say git must be updated, and change nothing', async () => {
    const repo = fleetRepo();
    commitOn(repo, 'weft/task-1', { 'a.txt': 'x\n' });
    const refsBefore = g(repo, 'for-each-ref');
    await expect(
      new ConflictRadar({ repo }).compute('main', [{ taskId: 't1', branch: 'weft/task-1' }]),
    ).rejects.toMatchObject({
      code: 'git_too_old',
      message: expect.stringMatching(/2\.38 or newer.*git 2\.37\.1/),
    });

    const outcomes: LandingOutcome[] = [];
    const dir = tempDir();
    const queue = new MergeQueue({
      repo,
      baseBranch: 'main',
      strategy: 'rebase',
      runCheck: shellCheck('true', { timeoutMs: 5_000 }),
      journal: new FileLandingJournal(join(dir, 'j.json')),
      scratchDir: dir,
      onOutcome: (o) => outcomes.push(o),
    });
    queue.enqueue({ taskId: 't1', branch: 'weft/task-1', worktreePath: null });
    await queue.idle();
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'review', code: 'git_too_old' })]);
    expect(g(repo, 'for-each-ref')).toBe(refsBefore);
  });
});
