import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** The Chromium that end-to-end tests drive; Debian's by default. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet and offline in CI containers. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** The built renderer that browser mode serves in end-to-end tests. */
export const rendererDir = resolve('out/renderer');
/** Where end-to-end tests leave their screenshots. */
export const shotsDir = resolve('test-results');

/** Launches Chromium once for a test file (after checking the renderer is built) and closes it after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');
    mkdirSync(shotsDir, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running');
    return browser;
  };
}

/** Opens the workbench at `url` and records page errors and console errors, which tests expect to stay empty. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { width?: number; height?: number; colorScheme?: 'dark' | 'light' } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'dark',
  });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.getByTestId('status-bar').waitFor();
  return { page, errors };
}

/** Opens `repo` from the start screen's folder field and waits for the project's home. */
export async function openRepo(page: Page, repo: string): Promise<void> {
  await page.getByLabel('Folder path').fill(repo);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('project-home').waitFor();
}
