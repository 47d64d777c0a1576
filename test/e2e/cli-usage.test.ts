import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { writeWorkflow } from '../helpers/workflows';

const cli = resolve('bin/weft.js');

/** Runs the built `weft` and collects what it printed. */
function weft(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe.runIf(process.platform !== 'win32')('weft on the command line, as a new user meets it', () => {
  it("prints a finished run's outputs on stdout after the summary: text as text, anything else as indented JSON", async () => {
    const repo = makeRepo();
    const dataDir = join(tempDir('weft-cli-'), 'data');
    writeWorkflow(repo, 'greet', {
      nodes: [{ id: 'say', kind: 'shell', command: 'printf "hello\\nworld"' }],
      outputs: { greeting: '{{nodes.say.output.stdout}}' },
    });
    writeWorkflow(repo, 'facts', {
      nodes: [{ id: 'count', kind: 'shell', command: 'echo 3' }],
      outputs: { summary: 'counted', result: '{{nodes.count.output}}' },
    });
    const base = ['--repo', repo, '--in-place', '--data-dir', dataDir];

    const one = await weft(['run', 'greet', ...base]);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('Completed greet');
    // The answer alone on stdout, so `weft run greet > answer.txt` keeps just it.
    expect(one.stdout).toBe('hello\nworld\n');

    const several = await weft(['run', 'facts', ...base]);
    expect(several.code).toBe(0);
    expect(several.stdout).toBe(
      [
        'summary:',
        'counted',
        '',
        'result:',
        '{',
        '  "exitCode": 0,',
        '  "signal": null,',
        '  "stdout": "3\\n",',
        '  "stderr": "",',
        '  "truncated": false',
        '}',
        '',
      ].join('\n'),
    );

    // Machines keep one JSON event a line, the outputs inside run.completed and nowhere else.
    const json = await weft(['run', 'greet', '--json', ...base]);
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; outputs?: unknown });
    expect(events.at(-1)).toMatchObject({ type: 'run.completed', outputs: { greeting: 'hello\nworld' } });
    expect(json.stderr).toBe('');
  }, 60_000);

  it('answers --help after every command and weft help <command> with exit 0', async () => {
    for (const [argv, first] of [
      [['run', '--help'], 'Usage: weft run <workflow> [options]'],
      [['run', 'review', '--repo', '.', '-h'], 'Usage: weft run <workflow> [options]'],
      [['runs', '--help'], 'Usage: weft runs list | show <id> | resume <id> [options]'],
      [['runs', 'show', '--help'], 'Usage: weft runs list | show <id> | resume <id> [options]'],
      [['mcp', '--help'], 'Usage: weft mcp <files|git|shell|search> --root DIR [options]'],
      [['mcp', 'files', '--help'], 'Usage: weft mcp <files|git|shell|search> --root DIR [options]'],
      [['serve', '--help'], 'Usage: weft serve [options]'],
      [['dev', 'fake-model', '--help'], 'Usage: weft dev fake-model [options]'],
      [['help', 'run'], 'Usage: weft run <workflow> [options]'],
      [['--help'], 'Usage: weft <command> [options]'],
    ] as const) {
      const result = await weft([...argv]);
      expect({ argv, code: result.code, first: result.stdout.split('\n')[0], stderr: result.stderr }).toEqual({
        argv,
        code: 0,
        first,
        stderr: '',
      });
    }
    const run = await weft(['run', '--help']);
    expect(run.stdout).toContain('--input KEY=VALUE');
    expect(run.stdout).toContain('2 bad usage');
    expect((await weft(['mcp', '--help'])).stdout).toContain('--allow-shell');
  }, 60_000);

  it('exits 2 for a mistake on the command line, naming what exists or where help is', async () => {
    const repo = makeRepo();
    const dataDir = join(tempDir('weft-cli-'), 'data');
    writeWorkflow(repo, 'review', { nodes: [{ id: 'a', kind: 'shell', command: 'true' }] });
    writeWorkflow(repo, 'deploy', { nodes: [{ id: 'a', kind: 'shell', command: 'true' }] });

    const nosuch = await weft(['run', 'nosuch', '--repo', repo, '--in-place', '--data-dir', dataDir]);
    expect(nosuch.code).toBe(2);
    expect(nosuch.stderr).toBe(
      `weft: There is no workflow "nosuch" in .weft/workflows. The workflows in .weft/workflows of ${repo}: deploy, review.\n`,
    );

    const empty = makeRepo('empty');
    const none = await weft(['run', 'nosuch', '--repo', empty, '--in-place', '--data-dir', dataDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`There are no workflows in .weft/workflows of ${empty}`);

    const option = await weft(['run', 'review', '--bogus']);
    expect(option).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'weft: Unknown option "--bogus" for weft run. Run "weft run --help" for its options.\n',
    });
    expect((await weft(['runs', 'list', '--verbose'])).code).toBe(2);
    expect((await weft(['mcp', 'files', '--root', repo, '--bogus'])).stderr).toContain('weft mcp --help');
    expect((await weft(['help', 'launch'])).code).toBe(2);
  }, 60_000);

  it('says what to do, with exit 2, for a missing folder, a folder that is no repository, wrong inputs and an unknown run', async () => {
    const root = tempDir('weft-cli-');
    const dataDir = join(root, 'data');
    const gone = join(root, 'gone');
    const missing = await weft(['run', 'review', '--repo', gone, '--data-dir', dataDir]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `weft: There is no folder at ${gone}. Name the repository with --repo PATH (default: the current folder).\n`,
    });
    expect((await weft(['runs', 'list', '--repo', gone, '--data-dir', dataDir])).code).toBe(2);

    const plain = join(root, 'plain');
    mkdirSync(plain);
    writeWorkflow(plain, 'review', { nodes: [{ id: 'a', kind: 'shell', command: 'true' }] });
    const noGit = await weft(['run', 'review', '--repo', plain, '--data-dir', dataDir]);
    expect(noGit).toMatchObject({
      code: 2,
      stderr:
        `weft: ${plain} is not a git repository, and a run works on a branch of its own. ` +
        'Make it one (git init, then a first commit), or add --in-place to work in the folder itself.\n',
    });
    // The way out it names works.
    expect((await weft(['run', 'review', '--repo', plain, '--in-place', '--data-dir', dataDir])).code).toBe(0);

    const repo = makeRepo();
    writeWorkflow(repo, 'fix', {
      inputs: { task: { type: 'string' }, tries: { type: 'number', default: 3 } },
      nodes: [{ id: 'a', kind: 'shell', command: 'true' }],
    });
    const base = ['--repo', repo, '--in-place', '--data-dir', dataDir];
    for (const extra of [
      [],
      ['--input', 'task=x', '--input', 'tries=many'],
      ['--input', 'task=x', '--input', 'taks=y'],
    ]) {
      const wrong = await weft(['run', 'fix', ...base, ...extra]);
      expect({ extra, code: wrong.code }).toEqual({ extra, code: 2 });
      expect(wrong.stderr).toContain('It takes: --input task=<string>, --input tries=<number> (default 3).');
    }
    // A broken workflow file is not the command line's mistake: it stays a failure, exit 1.
    writeWorkflow(repo, 'broken', { nodes: [{ id: 'a', kind: 'shell' }] });
    expect((await weft(['run', 'broken', ...base])).code).toBe(1);

    for (const action of ['show', 'resume']) {
      const unknown = await weft(['runs', action, 'nosuchrun', '--data-dir', dataDir]);
      expect(unknown).toMatchObject({
        code: 2,
        stderr: 'weft: There is no workflow run "nosuchrun". "weft runs list" shows the runs and their ids.\n',
      });
    }
  }, 120_000);

  it('weft mcp: a mistake in its command line exits 2 with what to type, before any server starts', async () => {
    const root = tempDir('weft-cli-');
    const file = join(root, 'notes.txt');
    writeFileSync(file, 'x');
    const cases = [
      [
        ['mcp'],
        'weft: weft mcp needs a server name: files, git, shell, search. Run "weft mcp --help" for its usage.\n',
      ],
      [
        ['mcp', 'files'],
        'weft: weft mcp needs --root DIR, the folder the server may work in: weft mcp files --root .\n',
      ],
      [
        ['mcp', 'files', '--root', join(root, 'gone')],
        `weft: --root ${join(root, 'gone')} does not exist. Name the folder the server may work in.\n`,
      ],
      [
        ['mcp', 'files', '--root', file],
        `weft: --root ${file} is a file, not a folder. Name the folder that contains it.\n`,
      ],
    ] as const;
    for (const [argv, stderr] of cases) {
      const result = await weft([...argv]);
      expect({ argv, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        argv,
        code: 2,
        stdout: '',
        stderr,
      });
    }
  }, 60_000);
});
