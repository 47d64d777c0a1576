// `npm run bench:terminal`: how fast terminal output reaches the screen in browser mode.
// Starts `weft serve` (the built CLI) as the main process, opens it in Chromium, and in a
// terminal tab runs a command that prints ~200 MB of base64, then exits the shell. Prints one JSON line:
//   MBps                      characters drawn by the renderer's xterm per second (the renderer's
//                             acknowledgements to main, read off the WebSocket; no test hooks in the app)
//   longestMainThreadBlockMs  the longest renderer long task (PerformanceObserver 'longtask')
//   mainRssMb / mainRssGrowthMb  peak RSS of the server process, and its growth during the run
//   baseline.rawPtyMBps       the same command through node-pty alone, no UI, measured in the same run
//   baseline.xtermParseMBps   xterm's parser alone (@xterm/headless in this process) on the same kind
//                             of output: the ceiling for any xterm.js front end on this CPU
// Playwright does the clicking, then lets go of the browser before the flood: while it is attached
// it has Chromium copy every WebSocket frame to it (its Network domain), which on two cores costs
// the app a third of its throughput. The flood is watched over a bare DevTools connection.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import headless from '@xterm/headless';
import { spawn as spawnPty } from 'node-pty';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const RAW_BYTES = Number(process.env.BENCH_BYTES ?? 150_000_000); // base64 makes this ~203 MB of output
const command = `head -c ${RAW_BYTES} /dev/urandom | base64 -w 76`;
const root = resolve('.');
if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || !existsSync(join(root, 'out', 'main', 'cli.js'))) {
  process.stderr.write('bench: build first (npm run build)\n');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'weft-bench-'));
const mb = (n: number) => Math.round((n / 1e6) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same output through node-pty alone: the ceiling the UI is compared with. */
function rawPty(): Promise<{ chars: number; seconds: number }> {
  return new Promise((done) => {
    const started = performance.now();
    let chars = 0;
    const pty = spawnPty('/bin/sh', ['-c', command], { cols: 120, rows: 30, cwd: scratch });
    pty.onData((d) => (chars += d.length));
    pty.onExit(() => done({ chars, seconds: (performance.now() - started) / 1000 }));
  });
}

/** How fast xterm's parser alone takes in base64 lines like the command's (no pty, no UI). */
async function xtermParse(bytes = 40_000_000): Promise<{ chars: number; seconds: number }> {
  const term = new headless.Terminal({ cols: 120, rows: 30, scrollback: 5000, allowProposedApi: true });
  const line = () => randomBytes(57).toString('base64') + '\r\n';
  const chunk = Array.from({ length: 800 }, () => line()).join('');
  const write = (data: string) => new Promise<void>((done) => term.write(data, done));
  await write(chunk); // warm up the parser
  const started = performance.now();
  let chars = 0;
  while (chars < bytes) {
    await write(chunk);
    chars += chunk.length;
  }
  const seconds = (performance.now() - started) / 1000;
  term.dispose();
  return { chars, seconds };
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const match = existsSync(`/proc/${pid}/status`)
    ? /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    : null;
  return match ? Number(match[1]) * 1024 : 0;
}

/** `weft serve` in its own process; resolves with its URL once it listens. */
function startServer(): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_MAIN_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/weftprof'] : []),
      join(root, 'out', 'main', 'cli.js'),
      'serve',
      '--data-dir',
      join(scratch, 'data'),
    ],
    {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stopping = false;
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open: (\S+)/.exec(out)?.[1];
      if (url) {
        done({
          url,
          pid: child.pid!,
          stop: () => {
            stopping = true;
            child.kill('SIGTERM');
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`bench: weft serve exited (${code ?? signal})\n`);
      fail(new Error(`weft serve exited with ${code ?? signal}`));
    });
  });
}

/** Headless Chromium with a DevTools port, started by hand so Playwright can attach and let go. */
function startChromium(): Promise<{ endpoint: string; stop: () => void }> {
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless',
      '--remote-debugging-port=0',
      `--user-data-dir=${join(scratch, 'chromium')}`,
      '--window-size=1280,800',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      // BENCH_RENDERER=dom measures xterm's DOM renderer (the fallback) instead of WebGL.
      ...(process.env.BENCH_RENDERER === 'dom' ? ['--disable-webgl'] : []),
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((done, fail) => {
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const endpoint = /DevTools listening on (ws:\/\/\S+)/.exec(err)?.[1];
      if (endpoint) done({ endpoint, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => fail(new Error(`chromium exited with ${code}: ${err.slice(-500)}`)));
  });
}

interface CpuProfile {
  startTime: number;
  endTime: number;
  samples?: number[];
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
}

/** A bare DevTools connection to the first page: Runtime, Input and Profiler only, no Network. */
async function devtools(browserEndpoint: string) {
  const base = new URL(browserEndpoint);
  const targets = (await (await fetch(`http://${base.host}/json/list`)).json()) as {
    type: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.type === 'page');
  if (!target) throw new Error('no page to watch');
  const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise((ready, fail) => socket.once('open', ready).once('error', fail));
  let nextId = 1;
  const waiting = new Map<number, { done: (v: unknown) => void; fail: (e: Error) => void }>();
  socket.on('message', (raw: Buffer) => {
    const message = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    const entry = message.id === undefined ? undefined : waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id!);
    if (message.error) entry.fail(new Error(message.error.message));
    else entry.done(message.result);
  });
  const send = <T = unknown,>(method: string, params: object = {}): Promise<T> =>
    new Promise<T>((done, fail) => {
      const id = nextId++;
      waiting.set(id, { done: done as (v: unknown) => void, fail });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    send,
    async evaluate<T = unknown>(expression: string): Promise<T> {
      const reply = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
        expression,
        returnByValue: true,
      });
      if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.text);
      return reply.result.value;
    },
    close: () => socket.close(),
  };
}

async function main(): Promise<void> {
  const raw = await rawPty();
  const parse = await xtermParse();
  const repo = join(scratch, 'bench-repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'README.md'), '# bench\n');

  const server = await startServer();
  const browser = await startChromium();
  try {
    const pw = await chromium.connectOverCDP(browser.endpoint);
    const page = pw.contexts()[0]!.pages()[0]!;
    // In the page: the longest long task, and what the renderer's xterm has drawn as it tells
    // main (its acknowledgements on the WebSocket), counted in the page.
    await page.addInitScript(() => {
      const w = window as unknown as { __longest: number; __acked: number; __lastAck: number };
      w.__longest = 0;
      w.__acked = 0;
      w.__lastAck = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
      }).observe({ type: 'longtask', buffered: true });
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        if (typeof data === 'string' && data.includes('"terminal.ack"')) {
          w.__acked += (JSON.parse(data) as { input: { chars: number } }).input.chars;
          w.__lastAck = performance.now();
        }
        return send.call(this, data);
      };
    });
    await page.goto(server.url);
    await page.getByLabel('Folder path').fill(repo);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('project-home').waitFor();
    await page.keyboard.press('Control+Backquote');
    await page.getByTestId('terminal-view').waitFor();
    const renderer = await page.getByTestId('terminal-view').getAttribute('data-renderer');
    // Wait until the shell really answers (a cold start can take seconds); keys typed before
    // that would be lost and the run would never end.
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type('echo bench-$((40+2))\n');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="terminal-view"]')?.textContent?.includes('bench-42'),
      null,
      {
        timeout: 60_000,
      },
    );
    // The command is typed now and sent with Enter once Playwright has let go.
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type(`${command}; exit`);
    await pw.close();

    const cdp = await devtools(browser.endpoint);
    const probe = () =>
      cdp.evaluate<{ longest: number; acked: number; lastAck: number; now: number; exited: boolean }>(`(() => {
        const w = window;
        return {
          longest: w.__longest,
          acked: w.__acked,
          lastAck: w.__lastAck,
          now: performance.now(),
          exited: document.querySelector('[data-testid="terminal-status"]') !== null,
        };
      })()`);
    await cdp.evaluate('window.__longest = 0');
    const rssBefore = rssOf(server.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(server.pid))), 50);
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const start = await probe();
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 13,
      text: '\r',
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    // Done when the shell has exited and the renderer has stopped acknowledging for a while.
    let last = start;
    // A stalled run is a finding, not a hang: give up after a generous deadline and say so.
    const deadline = Date.now() + Number(process.env.BENCH_DEADLINE_MS ?? 180_000);
    while (!last.exited || last.now - last.lastAck < 1000) {
      await sleep(250);
      last = await probe();
      if (Date.now() > deadline) {
        const stalled = {
          acked: mb(last.acked - start.acked),
          exited: last.exited,
          sinceLastAckMs: Math.round(last.now - last.lastAck),
        };
        throw new Error(`the terminal stalled: ${JSON.stringify(stalled)}`);
      }
    }
    clearInterval(sampler);
    if (process.env.BENCH_PROFILE) {
      const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop');
      const self = new Map<string, number>();
      const dt = (profile.endTime - profile.startTime) / (profile.samples?.length ?? 1);
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      for (const id of profile.samples ?? []) {
        const n = byId.get(id)!;
        const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + dt / 1000);
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
      for (const [k, v] of top) process.stderr.write(`${Math.round(v)}ms ${k}\n`);
    }
    const seconds = (last.lastAck - start.now) / 1000;
    const drawn = last.acked - start.acked;
    const longest = last.longest;
    process.stdout.write(
      JSON.stringify({
        MBps: mb(drawn / seconds),
        longestMainThreadBlockMs: Math.round(longest),
        mainRssMb: mb(rssPeak),
        mainRssGrowthMb: mb(rssPeak - rssBefore),
        outputMb: mb(drawn),
        seconds: Math.round(seconds * 10) / 10,
        renderer,
        baseline: {
          rawPtyMBps: mb(raw.chars / raw.seconds),
          rawPtyMb: mb(raw.chars),
          xtermParseMBps: mb(parse.chars / parse.seconds),
        },
      }) + '\n',
    );
    cdp.close();
  } finally {
    browser.stop();
    server.stop();
    await sleep(300);
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
