// Issue #12: a folder inside the project swapped for a link to an outside folder, as fast as a
// second process can, while the files contract and the MCP files server read and write through
// it. Nothing may come back from outside and nothing may be created or changed there.
import { spawn } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptorPathsAreSound, locateByName } from '../../src/main/files/fd-location';
import { PathGuard } from '../../src/main/files/path-guard';
import { listVerified, readVerified, writeVerified } from '../../src/main/files/verified-fs';
import { runnerShell } from '../../src/main/mcp/runner-shell';
import type { ToolSet } from '../../src/main/mcp/tool-set';
import { CommandRunner } from '../../src/main/terminal/runner';
import { call, openProject, testBackend } from '../helpers/backend';
import { makeRepo, tempDir } from '../helpers/fixtures';

const SECRET = 'OUTSIDE-SECRET-7f3a';
const SECRET_NAME = 'only-outside-name.txt';
const utf8 = { name: 'utf8', bom: false };
const runner = new CommandRunner();
const sets: ToolSet[] = [];
afterEach(async () => {
  for (const set of sets.splice(0)) await set.close();
});

/** Every file under `dir` with its content, for a before/after comparison. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else out[path] = `${readFileSync(join(dir, path), 'utf8')}|${statSync(join(dir, path)).mtimeMs}`;
    }
  };
  walk('');
  return out;
}

// Runs in its own process so the swaps interleave with the thread pool's opens for real. The
// window while the folder is missing lets Weft make a fresh `swap` folder: the loop clears it.
const swapper = `
const fs = require('fs');
const [dir, out, stop] = process.argv.slice(1);
const real = dir + '.real';
let swaps = 0;
const calm = new Int32Array(new SharedArrayBuffer(4));
const clear = () => { try { fs.unlinkSync(dir); } catch { fs.rmSync(dir, { recursive: true, force: true }); } };
const retry = (step) => { for (let t = 0; ; t++) { try { return step(); } catch (e) { if (t > 1000) throw e; try { clear(); } catch {} } } };
for (let i = 0; ; i++) {
  if (i % 64 === 0 && fs.existsSync(stop)) break;
  try { fs.renameSync(dir, real); } catch { continue; }
  retry(() => fs.symlinkSync(out, dir));
  swaps++;
  retry(() => { clear(); fs.renameSync(real, dir); });
  swaps++;
  // Now and then a fraction of a millisecond of calm, so some operations also go through.
  if (i % 8 === 0) Atomics.wait(calm, 0, 0, 0.2);
}
process.stdout.write(String(swaps));
`;

function startSwapper(dir: string, out: string, stop: string): Promise<number> {
  const child = spawn(process.execPath, ['-e', swapper, dir, out, stop], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(text)) : reject(new Error(`swapper exited ${code}`))));
  });
}

describe.runIf(descriptorPathsAreSound)('files: a folder swapped for a link while it is used', () => {
  it('reads no outside content and writes nothing outside in 10,000 contract and MCP operations', async () => {
    const repo = makeRepo();
    const out = tempDir('weft-outside-');
    writeFileSync(join(out, 'data.txt'), SECRET);
    writeFileSync(join(out, SECRET_NAME), SECRET);
    // Every name the operations below use exists outside too, so a write, move or delete that
    // followed the link would change a file there, not only add one.
    mkdirSync(join(out, 'deep'));
    mkdirSync(join(out, 'tree'));
    writeFileSync(join(out, 'tree', 'a.txt'), SECRET);
    for (let n = 0; n < 50; n++) {
      writeFileSync(join(out, `w-${n}.txt`), SECRET);
      writeFileSync(join(out, 'deep', `m-${n}.txt`), SECRET);
      writeFileSync(join(out, 'deep', `moved-${n}.txt`), SECRET);
    }
    mkdirSync(join(repo, 'swap', 'deep'), { recursive: true });
    writeFileSync(join(repo, 'swap', 'data.txt'), 'inside');
    const before = snapshot(out);

    const b = testBackend();
    const projectId = await openProject(b, repo);
    const set = await b.mcp.open({ projectId, root: repo, shell: runnerShell(runner) });
    sets.push(set);
    const stop = join(tempDir('weft-stop-'), 'stop');
    const swapping = startSwapper(join(repo, 'swap'), out, stop);

    let ops = 0;
    let leaks = 0;
    let succeeded = 0;
    const refusals: Record<string, number> = {};
    const refused = (why: string) => (refusals[why] = (refusals[why] ?? 0) + 1);
    const seen = (text: string) => {
      if (text.includes(SECRET) || text.includes(SECRET_NAME)) leaks++;
    };
    const viaContract = async (channel: string, input: Record<string, unknown>) => {
      ops++;
      const reply = await call(b, channel, { projectId, ...input });
      if (reply.ok) {
        succeeded++;
        seen(JSON.stringify(reply.value));
      } else refused(reply.error.code);
    };
    const viaMcp = async (tool: string, args: Record<string, unknown>) => {
      ops++;
      const reply = await set.call(tool, args, new AbortController().signal);
      seen(reply.text);
      if (reply.isError) refused(/\(([a-z_]+)\)/.exec(reply.text)?.[1] ?? 'refusal');
      else succeeded++;
    };

    const started = Date.now();
    const rounds = 2200;
    for (let i = 0; i < rounds; i++) {
      const n = i % 50;
      await Promise.all([
        viaContract('files.read', { path: 'swap/data.txt' }),
        viaContract('files.write', {
          path: `swap/w-${n}.txt`,
          content: `w${i}`,
          encoding: utf8,
          expectedMtimeMs: null,
        }),
        viaMcp('files__read', { path: 'swap/data.txt' }),
        viaMcp('files__write', { path: `swap/deep/m-${n}.txt`, content: `m${i}` }),
      ]);
      // Edits, moves and deletes (a folder's too), in order, every tenth round.
      if (i % 10 === 0) {
        await viaMcp('files__edit', { path: `swap/deep/m-${n}.txt`, old_string: 'm', new_string: 'e' });
        await viaMcp('files__move', { from: `swap/deep/m-${n}.txt`, to: `swap/deep/moved-${n}.txt` });
        await viaMcp('files__delete', { path: `swap/deep/moved-${n}.txt` });
        await viaContract('files.delete', { path: `swap/w-${n}.txt` });
        await viaMcp('files__write', { path: 'swap/tree/a.txt', content: 'tree' });
        await viaMcp('files__delete', { path: 'swap/tree', recursive: true });
      }
      // Names leak too: listings, globs and searches through the swapped folder, now and then.
      if (i % 50 === 0) {
        await Promise.all([
          viaContract('files.list', { dir: 'swap' }),
          viaMcp('files__list', { path: 'swap' }),
          viaMcp('files__glob', { pattern: '**/*.txt' }),
          viaMcp('search__search', { query: 'SECRET' }),
        ]);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(stop, '');
    const swaps = await swapping;

    console.log(
      `files race: ${ops} operations in ${seconds.toFixed(1)} s (${succeeded} succeeded), ${swaps} swaps, ` +
        `refusals ${JSON.stringify(refusals)}, leaks ${leaks}`,
    );
    expect(leaks).toBe(0);
    expect(snapshot(out)).toEqual(before);
    expect(swaps).toBeGreaterThan(1000);
    // The race was real: some operations met the link and were refused, others got through.
    expect(succeeded).toBeGreaterThan(100);
    expect(Object.values(refusals).reduce((a, c) => a + c, 0)).toBeGreaterThan(0);
  }, 120_000);
});

describe.runIf(descriptorPathsAreSound)('files: the descriptor check on its own', () => {
  // Names are opened as typed, without PathGuard.resolve's realpath first: every refusal here
  // comes from checking what was opened.
  it('reads and writes nothing outside when no name was resolved beforehand', async () => {
    const repo = makeRepo();
    const out = tempDir('weft-outside-');
    writeFileSync(join(out, 'data.txt'), SECRET);
    mkdirSync(join(repo, 'swap', 'deep'), { recursive: true });
    writeFileSync(join(repo, 'swap', 'data.txt'), 'inside');
    const before = snapshot(out);
    const guard = new PathGuard(repo);
    const stop = join(tempDir('weft-stop-'), 'stop');
    const swapping = startSwapper(join(guard.root, 'swap'), out, stop);
    const at = (rel: string) => join(guard.root, rel);
    let ops = 0;
    let leaks = 0;
    let succeeded = 0;
    const refusals: Record<string, number> = {};
    const attempt = async (op: () => Promise<unknown>) => {
      ops++;
      try {
        const value = await op();
        succeeded++;
        if (Buffer.isBuffer(value) ? value.includes(SECRET) : JSON.stringify(value ?? '').includes(SECRET)) leaks++;
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'other';
        refusals[code] = (refusals[code] ?? 0) + 1;
      }
    };
    for (let i = 0; i < 1250; i++) {
      await Promise.all([
        attempt(async () => (await readVerified(guard, at('swap/data.txt'), 'swap/data.txt')).bytes),
        attempt(() => writeVerified(guard, at('swap/data.txt'), 'swap/data.txt', 'inside')),
        attempt(() => writeVerified(guard, at(`swap/deep/n-${i}.txt`), 'n', `n${i}`, { mkdirs: true })),
        attempt(async () => (await listVerified(guard, at('swap'), 'swap')).map((d) => d.name)),
      ]);
    }
    writeFileSync(stop, '');
    const swaps = await swapping;
    console.log(
      `descriptor check alone: ${ops} operations (${succeeded} succeeded), ${swaps} swaps, refusals ${JSON.stringify(refusals)}, leaks ${leaks}`,
    );
    expect(leaks).toBe(0);
    expect(snapshot(out)).toEqual(before);
    expect(refusals.path_outside_project ?? 0).toBeGreaterThan(0);
  }, 120_000);
});

describe('files: the name-based fallback (macOS, Windows), checked step by step', () => {
  // No race here: each swap is made at a chosen moment, to show what the fallback catches.
  it('refuses a link swapped in before the open, whether it is still there or swapped back', async () => {
    const repo = makeRepo();
    const out = tempDir('weft-outside-');
    writeFileSync(join(out, 'data.txt'), SECRET);
    mkdirSync(join(repo, 'swap'));
    writeFileSync(join(repo, 'swap', 'data.txt'), 'inside');
    const guard = new PathGuard(repo);
    const name = join(guard.root, 'swap', 'data.txt');
    const swapOut = () => {
      renameSync(join(guard.root, 'swap'), join(guard.root, 'swap.real'));
      symlinkSync(out, join(guard.root, 'swap'));
    };
    const swapBack = () => {
      unlinkSync(join(guard.root, 'swap'));
      renameSync(join(guard.root, 'swap.real'), join(guard.root, 'swap'));
    };

    swapOut();
    const stillThere = await open(name, 'r');
    const whereNow = await locateByName(name, await stillThere.stat(), 'swap/data.txt');
    await stillThere.close();
    expect(whereNow.startsWith(guard.root)).toBe(false);

    const swappedBack = await open(name, 'r');
    swapBack();
    await expect(locateByName(name, await swappedBack.stat(), 'swap/data.txt')).rejects.toMatchObject({
      code: 'path_changed',
    });
    await swappedBack.close();

    const inside = await open(name, 'r');
    expect(await locateByName(name, await inside.stat(), 'swap/data.txt')).toBe(name);
    await inside.close();
  });
});

describe('files: hard links', () => {
  it('refuses to read or write a file that is a hard link, through the contract and MCP', async () => {
    const repo = makeRepo();
    const out = tempDir('weft-outside-');
    writeFileSync(join(out, 'secret.txt'), SECRET);
    linkSync(join(out, 'secret.txt'), join(repo, 'linked.txt'));
    const b = testBackend();
    const projectId = await openProject(b, repo);
    const set = await b.mcp.open({ projectId, root: repo, shell: runnerShell(runner) });
    sets.push(set);
    const signal = new AbortController().signal;
    const read = await call(b, 'files.read', { projectId, path: 'linked.txt' });
    expect(read).toMatchObject({ ok: false, error: { code: 'hard_link_refused' } });
    expect(JSON.stringify(read)).not.toContain(SECRET);
    const write = await call(b, 'files.write', {
      projectId,
      path: 'linked.txt',
      content: 'changed',
      encoding: utf8,
      expectedMtimeMs: null,
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'hard_link_refused' } });

    for (const [tool, args] of [
      ['files__read', { path: 'linked.txt' }],
      ['files__write', { path: 'linked.txt', content: 'changed' }],
      ['files__edit', { path: 'linked.txt', old_string: 'OUTSIDE', new_string: 'x' }],
    ] as const) {
      const reply = await set.call(tool, args, signal);
      expect(reply.isError, tool).toBe(true);
      expect(reply.text).toContain('hard_link_refused');
      expect(reply.text).not.toContain(SECRET);
    }
    const search = await set.call('search__search', { query: 'SECRET' }, signal);
    expect(search.text).not.toContain(SECRET);
    expect(readFileSync(join(out, 'secret.txt'), 'utf8')).toBe(SECRET);
    expect(readFileSync(join(repo, 'linked.txt'), 'utf8')).toBe(SECRET);
    // Deleting the name is harmless (the other name keeps the content) and allowed.
    expect(await call(b, 'files.delete', { projectId, path: 'linked.txt' })).toMatchObject({ ok: true });
    expect(readFileSync(join(out, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});
