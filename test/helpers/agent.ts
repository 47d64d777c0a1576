import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEntry, RunStatus, RunView } from '../../src/shared/domain/agent';
import type { Backend } from '../../src/main/index';
import { makeRepo } from './fixtures';
import { call } from './models';

/**
 * A repository with a bug and a test that finds it: `add` subtracts. `npm test` fails until
 * src/math.js is fixed. An AGENTS.md tells agents how to test.
 */
export function buggyRepo(name = 'calc'): string {
  const dir = makeRepo(name);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/math.js'), 'exports.add = (a, b) => a - b;\n');
  writeFileSync(
    join(dir, 'test.js'),
    "const { add } = require('./src/math');\nif (add(2, 3) !== 5) {\n  console.error('FAIL add(2, 3) = ' + add(2, 3));\n  process.exit(1);\n}\nconsole.log('PASS add');\n",
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, scripts: { test: 'node test.js' } }));
  writeFileSync(join(dir, 'AGENTS.md'), 'Run the tests with `npm test` before you finish.\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'calc with a bug');
  return dir;
}

/** Runs git in `dir` with a fixed identity; returns stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Weft Test', '-c', 'user.email=test@weft.invalid', ...args], {
    encoding: 'utf8',
  });
}

/** Calls a request channel and returns its value, failing the test with the error otherwise. */
export async function ok<T>(backend: Backend, channel: string, input?: unknown): Promise<T> {
  const reply = await call(backend, channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

/** Resolves when the run reaches one of `statuses` (as the UI would hear it). */
export function waitForStatus(
  backend: Backend,
  runId: string,
  statuses: readonly RunStatus[],
  timeoutMs = 20_000,
): Promise<RunView> {
  return new Promise((resolve, reject) => {
    const check = (view: RunView) => {
      if (view.id !== runId || !statuses.includes(view.status)) return false;
      stop();
      clearTimeout(timer);
      resolve(view);
      return true;
    };
    const stop = backend.events.subscribe((channel, payload) => {
      if (channel === 'agent.runChanged') check(payload as RunView);
    });
    const timer = setTimeout(() => {
      stop();
      const now = backend.agent.get(runId).run;
      reject(new Error(`run ${runId} is ${now.status}, not ${statuses.join('/')}`));
    }, timeoutMs);
    check(backend.agent.get(runId).run);
  });
}

/** Every entry of a run, oldest first: `agent.get` answers a page at a time (the newest 200). */
export async function allEntries(backend: Backend, runId: string): Promise<RunEntry[]> {
  const pages: RunEntry[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = await ok<{ entries: RunEntry[]; earlier: boolean }>(backend, 'agent.get', {
      runId,
      limit: 1000,
      ...(before === undefined ? {} : { before }),
    });
    pages.unshift(page.entries);
    if (!page.earlier || page.entries.length === 0) return pages.flat();
    before = page.entries[0]!.seq;
  }
}
