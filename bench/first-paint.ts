// npm run bench:first-paint -- [--runs N]   (run through bench/run.mjs; build first: npm run build)
// How soon browser mode's welcome page paints. Starts the built `weft serve` on a temp data dir and
// loads it N times in fresh browser contexts (no cache, no cookie, token redirect included, as a
// first visit), measuring from navigation start to:
//   fcp      the first contentful paint (Paint Timing)
//   welcome  the first frame drawn after the welcome page's "Start" heading is in the document
// The baseline, loaded interleaved in the same browser, is a second `weft serve` whose renderer is
// the app's index.html and stylesheet with the script removed and the heading written in: what the
// server, the redirect, the HTML and the CSS cost before any of the app's JavaScript runs.
// Prints one JSON line.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 15);
const root = resolve('.');
const built = join(root, 'out', 'renderer');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number) => Math.round(n);

/** `weft serve` (the built CLI) over `rendererDir`; resolves with its URL once it listens. */
function serve(rendererDir: string, dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', '--data-dir', dataDir], {
    env: { ...process.env, WEFT_RENDERER_DIR: rendererDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((done, fail) => {
    let out = '';
    let listening = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open: (\S+)/.exec(out)?.[1];
      if (url && !listening) {
        listening = true;
        done({
          url,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      if (!listening) fail(new Error(`weft serve exited with ${code ?? signal} before listening: ${out}`));
    });
  });
}

/**
 * The app's own index.html with its scripts (entry and module preloads) taken out and the welcome
 * heading written into the root, next to copies of its stylesheet and icon: the page the app
 * would be if its JavaScript cost nothing.
 */
function baselineRenderer(app: string, dir: string): string {
  const html = readFileSync(join(app, 'index.html'), 'utf8');
  const withoutScripts = html
    .replace(/<script type="module"[^>]*><\/script>/, '')
    .replace(/<link rel="modulepreload"[^>]*>\s*/g, '');
  if (withoutScripts === html) throw new Error('out/renderer/index.html has no module script to take out');
  const page = withoutScripts.replace('<div id="root"></div>', '<div id="root"><h2>Start</h2></div>');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), page);
  for (const [, href] of page.matchAll(/href="\.\/([^"]+)"/g)) cpSync(join(app, href!), join(dir, href!));
  return dir;
}

/** The JavaScript a first visit fetches before the app can draw: the entry and its module preloads. */
function initialScriptBytes(app: string): number {
  const html = readFileSync(join(app, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map(([, path]) => path!);
  return scripts.reduce((sum, path) => sum + readFileSync(join(app, path)).length, 0);
}

/** Runs before the page's own scripts: resolves `__welcomePainted` with the time of the first frame after the heading appears. */
const probe = `
  window.__welcomePainted = new Promise((resolve) => {
    const found = () => [...document.querySelectorAll('h1, h2')].some((h) => h.textContent.trim() === 'Start');
    const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    const watch = () => {
      if (found()) return painted();
      const observer = new MutationObserver(() => {
        if (!found()) return;
        observer.disconnect();
        painted();
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    };
    watch();
  });
`;

interface Sample {
  fcp: number;
  welcome: number;
}

async function load(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  try {
    await context.addInitScript(probe);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(url, { waitUntil: 'commit' });
    const welcome = await page.evaluate(
      () => (window as unknown as { __welcomePainted: Promise<number> }).__welcomePainted,
    );
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const entry = () => performance.getEntriesByName('first-contentful-paint')[0];
          const now = entry();
          if (now) return done(now.startTime);
          new PerformanceObserver(() => {
            const seen = entry();
            if (seen) done(seen.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    return { fcp, welcome };
  } finally {
    await context.close();
  }
}

function summary(samples: readonly Sample[]) {
  const sorted = (key: keyof Sample) => samples.map((s) => s[key]).sort((a, b) => a - b);
  const fcp = sorted('fcp');
  const welcome = sorted('welcome');
  return {
    fcpP50Ms: round(percentile(fcp, 50)),
    fcpP95Ms: round(percentile(fcp, 95)),
    welcomeP50Ms: round(percentile(welcome, 50)),
    welcomeP95Ms: round(percentile(welcome, 95)),
  };
}

export default async function main(): Promise<void> {
  if (!existsSync(join(built, 'index.html')) || !existsSync(join(root, 'out', 'main', 'cli.js'))) {
    throw new Error('bench: build first (npm run build)');
  }
  const scratch = mkdtempSync(join(tmpdir(), 'weft-bench-paint-'));
  // A snapshot of the build, so a rebuild while the bench runs cannot mix two bundles.
  const appDir = join(scratch, 'renderer');
  cpSync(built, appDir, { recursive: true });
  const app = await serve(appDir, join(scratch, 'data-app'));
  const base = await serve(baselineRenderer(appDir, join(scratch, 'baseline')), join(scratch, 'data-base'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    // One load of each first: the server's page cache and Chromium's own start-up are not the app's cost.
    await load(browser, app.url);
    await load(browser, base.url);
    const appRuns: Sample[] = [];
    const baseRuns: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      appRuns.push(await load(browser, app.url));
      baseRuns.push(await load(browser, base.url));
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'first-paint',
        runs: RUNS,
        ...summary(appRuns),
        initialScriptKb: Math.round(initialScriptBytes(appDir) / 1024),
        baseline: summary(baseRuns),
        // The 1-minute load average as the run ends, so figures from a busy machine say so.
        loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      })}\n`,
    );
  } finally {
    await browser.close();
    await app.stop();
    await base.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
