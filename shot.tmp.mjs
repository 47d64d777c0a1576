import { chromium } from 'playwright-core';
const url = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: process.argv[4] || 'dark' });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.stack));
await page.goto(url);
await page.waitForTimeout(1000);
await page.screenshot({ path: process.argv[3] || '/tmp/shot1.png' });
if (process.argv[5]) {
  await page.fill('input[aria-label="Folder path"]', process.argv[5]);
  await page.click('button[type=submit]');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/shot2.png' });
  await page.keyboard.press('Control+Shift+P');
  await page.waitForTimeout(300);
  await page.screenshot({ path: '/tmp/shot3.png' });
}
await browser.close();
