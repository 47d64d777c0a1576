// The pieces of `bench:fleet` that drive the built `weft`: a repository and data folder set up
// for a board of scripted agents, `weft board run` as a child process, and its JSON events.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Backend } from '../src/main/index';
import { writeFile, type Answer } from './fleet-model';

export const cli = resolve('bin/weft.js');

export function requireBuild(): void {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('bench:fleet runs the built weft: npm run build first');
}

export function weft(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The word that picks task `i`'s script; no word is part of another. */
export const word = (i: number) => `w${String(i).padStart(2, '0')}x`;

/** A few tool calls per task (each answer is one model request), then "Done.". */
export function taskScript(i: number): Answer[] {
  return [
    writeFile(`src/${word(i)}.txt`, `work of task ${i}\n`),
    { text: 'Reading the README.', toolCalls: [{ name: 'files__read', arguments: { path: 'README.md' } }] },
    writeFile(`notes/${word(i)}.md`, `# Task ${i}\n\nDone.\n`),
  ];
}

export interface Board {
  readonly repo: string;
  readonly dataDir: string;
  readonly at: readonly string[];
}

/** A repository, and a data folder with a provider pointing at the model and `tasks` tasks on the board. */
export async function boardWith(tasks: number, modelUrl: string): Promise<Board> {
  const root = mkdtempSync(join(tmpdir(), 'weft-bench-fleet-'));
  const repo = join(root, 'repo');
  const dataDir = join(root, 'data');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'README.md'), '# A repository for the fleet bench\n');
  execFileSync('git', ['-C', repo, 'add', '.']);
  execFileSync('git', [
    '-C',
    repo,
    '-c',
    'user.name=B',
    '-c',
    'user.email=b@weft.invalid',
    'commit',
    '-q',
    '-m',
    'first',
  ]);
  const backend = Backend.create({ dataDir, host: { kind: 'browser', dropFolders: false }, logLevel: 'warn', env: {} });
  let providerId: string;
  try {
    const reply = await backend.router.dispatch(
      'models.saveProvider',
      { kind: 'openai-compatible', flavor: 'custom', name: 'Bench model', baseUrl: modelUrl, toolMode: 'native' },
      { transport: 'test' },
    );
    if (!reply.ok) throw new Error(reply.error.message);
    providerId = (reply.value as { id: string }).id;
  } finally {
    await backend.dispose();
  }
  const at = ['--repo', repo, '--data-dir', dataDir];
  const checklist = Array.from({ length: tasks }, (_, i) => `- [ ] ${word(i)}: task number ${i}`).join('\n');
  const listFile = join(root, 'tasks.md');
  writeFileSync(listFile, checklist);
  const added = await weft([
    'tasks',
    'add',
    '--from-checklist',
    listFile,
    '--agent',
    `${providerId}/fake-coder`,
    ...at,
  ]);
  if (added.code !== 0) throw new Error(`weft tasks add failed: ${added.stderr}`);
  return { repo, dataDir, at };
}

interface BoardEvent {
  readonly type: string;
  readonly at: number;
  readonly taskId?: string;
  readonly to?: string;
}

/**
 * `weft board run --no-land --json` until every task is in review; the wall time is the
 * board's own (its `board.started` event to the last task reaching review), without the
 * process start-up both runs share, plus when each task started.
 */
export async function runToReview(
  board: Board,
  parallel: number,
  check: string,
): Promise<{ wallMs: number; startedMs: number[] }> {
  const run = await weft([
    'board',
    'run',
    '--no-land',
    '--json',
    '--parallel',
    String(parallel),
    '--check',
    check,
    ...board.at,
  ]);
  const events = run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BoardEvent);
  if (run.code !== 0) throw new Error(`weft board run exited ${run.code}: ${run.stderr}\n${run.stdout.slice(-2000)}`);
  const started = events.find((e) => e.type === 'board.started')!.at;
  const reviewed = events.filter((e) => e.type === 'task.state' && e.to === 'review').map((e) => e.at);
  const running = events.filter((e) => e.type === 'task.state' && e.to === 'running').map((e) => e.at - started);
  return { wallMs: Math.max(...reviewed) - started, startedMs: running };
}
