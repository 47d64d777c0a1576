import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskModel, writeFile } from '../../../bench/fleet-model';
import { makeRepo, tempDir } from '../../helpers/fixtures';
import { addLocalProvider, modelBackend } from '../../helpers/models';
import { until } from '../../helpers/until';

const cli = resolve('bin/weft.js');

function weft(
  args: string[],
  stdin?: string,
  onStart?: (pid: number, stderr: () => string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin ?? '');
  onStart?.(child.pid!, () => stderr);
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
const jsonLines = <T>(text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

interface TaskLine {
  id: string;
  title: string;
  state: string;
  dependsOn: string[];
}
type BoardEvent =
  | { type: 'task.state'; taskId: string; from: string | null; to: string; at: number }
  | { type: 'board.finished'; ok: boolean; tasks: { taskId: string; state: string }[] }
  | { type: string; taskId?: string };

/** Each task's agent, picked by the first word of its title. */
const scripts = {
  alpha: [writeFile('a.txt', 'alpha\n'), { text: 'Wrote a.txt.' }],
  bravo: [writeFile('b.txt', 'bravo\n'), { text: 'Wrote b.txt.' }],
  charlie: [writeFile('c.txt', 'charlie, after alpha\n'), { text: 'Wrote c.txt.' }],
  delta: [writeFile('broken.txt', 'this breaks the check\n'), { text: 'Done, I think.' }],
  // Both add the same file with other words: whichever lands second conflicts with the first.
  foxtrot: [writeFile('shared.txt', 'foxtrot\n'), { text: 'Wrote shared.txt.' }],
  golf: [writeFile('shared.txt', 'golf\n'), { text: 'Wrote shared.txt.' }],
};

/** A repository whose check fails while broken.txt exists, saying so. */
function checkedRepo(): string {
  const repo = makeRepo('board-cli');
  writeFileSync(
    join(repo, 'check.sh'),
    'if [ -f broken.txt ]; then echo "FAIL: broken.txt is here"; exit 1; fi\necho PASS\n',
  );
  git(repo, 'add', '.');
  git(repo, '-c', 'user.name=T', '-c', 'user.email=t@weft.invalid', 'commit', '-q', '-m', 'a check');
  return repo;
}

let model: TaskModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

describe.runIf(process.platform !== 'win32')('weft tasks and weft board run', () => {
  it('adds tasks from a checklist with a dependency, runs them two at a time and lands each on main', async () => {
    const repo = checkedRepo();
    const dataDir = join(tempDir('weft-board-cli-'), 'data');
    model = await TaskModel.start({ scripts });
    // A provider pointing at the double, as a user would set it in Settings.
    const { backend } = modelBackend({ dataDir });
    const providerId = await addLocalProvider(backend, model.openaiUrl, 'native');
    await backend.dispose();
    const at = ['--repo', repo, '--data-dir', dataDir];
    const agent = ['--agent', `${providerId}/fake-coder`];

    const added = await weft(
      ['tasks', 'add', '--from-checklist', '-', ...agent, '--json', ...at],
      '# Sprint\n\n- [ ] alpha: write a.txt\n- [ ] bravo: write b.txt\n- [x] zulu: done already\n',
    );
    expect(added.stderr).toContain('Skipped (ticked already): zulu: done already');
    expect(added.code).toBe(0);
    const [alpha, bravo] = jsonLines<TaskLine>(added.stdout);
    expect([alpha?.title, bravo?.title]).toEqual(['alpha: write a.txt', 'bravo: write b.txt']);
    const third = await weft([
      'tasks',
      'add',
      'charlie: write c.txt',
      '--depends-on',
      alpha!.id,
      ...agent,
      '--json',
      ...at,
    ]);
    expect(third.code).toBe(0);
    const [charlie] = jsonLines<TaskLine>(third.stdout);
    expect(charlie).toMatchObject({ state: 'backlog', dependsOn: [alpha!.id] });
    const before = git(repo, 'rev-parse', 'main');

    const run = await weft(['board', 'run', '--parallel', '2', '--json', '--check', 'sh check.sh', ...at]);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    const events = jsonLines<BoardEvent>(run.stdout);
    expect(events.at(-1)).toMatchObject({
      type: 'board.finished',
      ok: true,
      tasks: [alpha, bravo, charlie].map((t) => ({ taskId: t!.id, state: 'done' })),
    });
    const when = (taskId: string, to: string) =>
      events.findIndex((e) => e.type === 'task.state' && e.taskId === taskId && (e as { to: string }).to === to);
    // Alpha and bravo worked side by side; charlie started only once alpha had landed.
    expect(when(alpha!.id, 'running')).toBeGreaterThan(-1);
    expect(when(bravo!.id, 'running')).toBeLessThan(when(alpha!.id, 'done'));
    expect(when(charlie!.id, 'running')).toBeGreaterThan(when(alpha!.id, 'done'));
    // Main moved forward past each task's work; the user's checkout followed.
    expect(git(repo, 'merge-base', '--is-ancestor', before, 'main')).toBe('');
    expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).toEqual(
      expect.arrayContaining(['a.txt', 'b.txt', 'c.txt']),
    );
    expect(git(repo, 'status', '--porcelain')).toBe('');

    const list = await weft(['tasks', 'list', ...at]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').filter((l) => / done /.test(l))).toHaveLength(3);
  }, 120_000);

  it('exits 1 when a task fails its check or its landing conflicts, saying why, and 2 on mistakes in the command line', async () => {
    const repo = checkedRepo();
    const dataDir = join(tempDir('weft-board-cli-'), 'data');
    model = await TaskModel.start({ scripts });
    const { backend } = modelBackend({ dataDir });
    const providerId = await addLocalProvider(backend, model.openaiUrl, 'native');
    await backend.dispose();
    const at = ['--repo', repo, '--data-dir', dataDir];
    const add = async (title: string) => {
      const added = await weft(['tasks', 'add', title, '--agent', `${providerId}/fake-coder`, '--json', ...at]);
      return jsonLines<TaskLine>(added.stdout)[0]!;
    };
    const delta = await add('delta: break it');
    const foxtrot = await add('foxtrot: write shared.txt');
    const golf = await add('golf: write shared.txt too');

    const run = await weft(['board', 'run', '--parallel', '3', '--check', 'sh check.sh', ...at]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr, run.stderr).toContain('1 of 3 tasks finished; the others:');
    expect(run.stderr).toContain(`✗ ${delta.id} delta: break it: failed.`);
    expect(run.stderr).toContain('FAIL: broken.txt is here');
    // One of the two landed; the other came back to review with the conflict named, and was not approved again.
    const tasks = jsonLines<TaskLine>((await weft(['tasks', 'list', '--json', ...at])).stdout);
    const states = [foxtrot, golf].map((t) => tasks.find((x) => x.id === t.id)!.state).sort();
    expect(states, run.stderr).toEqual(['done', 'review']);
    expect(run.stderr).toMatch(/: review\. Its landing was sent back to review: .*shared\.txt/);
    expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).not.toContain('broken.txt');
    const shown = await weft(['tasks', 'show', delta.id, ...at]);
    expect(shown.stdout).toContain('Check output:');
    expect(shown.stdout).toContain('FAIL: broken.txt is here');

    // Named, a failed task is retried with its worktree; with a check that passes now, it lands.
    const again = await weft(['board', 'run', delta.id, '--check', 'true', ...at]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`✓ ${delta.id} done`);
    expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).toContain('broken.txt');

    // One after the other, as a person types them.
    const mistakes = [];
    for (const args of [
      ['board', 'run', '--parallel', '0'],
      ['tasks', 'add'],
      ['tasks', 'show', 'nosuchtask'],
      ['board', 'run', 'nosuchtask'],
      ['tasks', 'add', 'x', '--depends-on', 'nosuchtask'],
    ])
      mistakes.push(await weft([...args, ...at]));
    expect(
      mistakes.map((m) => m.code),
      mistakes.map((m) => m.stderr).join(''),
    ).toEqual([2, 2, 2, 2, 2]);
    expect(mistakes[0]!.stderr).toBe('weft: --parallel must be a whole number from 1 to 64, not "0".\n');
    expect(mistakes[2]!.stderr).toContain('"weft tasks list" shows the tasks and their ids.');
    expect(mistakes[3]!.stderr).toContain('This board has no task nosuchtask.');
  }, 120_000);

  it('stops on Ctrl-C with exit code 130; the interrupted task continues on the next run', async () => {
    const repo = checkedRepo();
    const dataDir = join(tempDir('weft-board-cli-'), 'data');
    // The first answer takes long enough for the interrupt to find the agent waiting on it.
    const slow = await TaskModel.start({ scripts, latencyMs: 2000 });
    const { backend } = modelBackend({ dataDir });
    const providerId = await addLocalProvider(backend, slow.openaiUrl, 'native');
    await backend.dispose();
    const at = ['--repo', repo, '--data-dir', dataDir];
    try {
      const added = await weft([
        'tasks',
        'add',
        'alpha: write a.txt',
        '--agent',
        `${providerId}/fake-coder`,
        '--json',
        ...at,
      ]);
      const [alpha] = jsonLines<TaskLine>(added.stdout);
      const stopped = await weft(['board', 'run', '--check', 'sh check.sh', ...at], undefined, (pid, stderr) => {
        void until(() => stderr().includes(`${alpha!.id} running`), 20_000).then(() => process.kill(pid, 'SIGINT'));
      });
      expect(stopped.code).toBe(130);
      expect(stopped.stderr).toContain('Stopping the board…');
      const listed = jsonLines<TaskLine & { interrupted: boolean }>(
        (await weft(['tasks', 'list', '--json', ...at])).stdout,
      );
      expect(listed[0]).toMatchObject({ id: alpha!.id, state: 'running', interrupted: true });

      const resumed = await weft(['board', 'run', '--check', 'sh check.sh', ...at]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain('resumed');
      expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).toContain('a.txt');
    } finally {
      await slow.close();
    }
  }, 120_000);
});
