import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, mimeTypeFor, resolveAppPath, serveAppRequest } from '../../src/main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/csp';

const root = '/opt/Weft/resources/app.asar/out/renderer';

describe('resolveAppPath', () => {
  it('maps app://weft paths into the renderer folder, / to index.html', () => {
    expect(resolveAppPath(root, APP_ENTRY_URL)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://weft/')).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://weft/assets/index-abc.js?v=1#x')).toEqual({
      ok: true,
      path: join(root, 'assets', 'index-abc.js'),
    });
    expect(resolveAppPath(root, 'app://weft/assets/a%20b.js')).toEqual({
      ok: true,
      path: join(root, 'assets', 'a b.js'),
    });
  });

  it('keeps dot segments, plain or percent-encoded, inside the folder', () => {
    // The URL parser folds these before the path is read, so they cannot climb above the root.
    for (const url of [
      'app://weft/../../../etc/passwd',
      'app://weft/%2e%2e/%2e%2e/etc/passwd',
      'app://weft/%2E%2E/etc/passwd',
      'app://weft/assets/.%2e/.%2e/.%2e/etc/passwd',
    ]) {
      const result = resolveAppPath(root, url);
      expect(result, url).toEqual({ ok: true, path: join(root, 'etc', 'passwd') });
    }
  });

  it('refuses encoded separators, NUL, drive letters, device names and empty segments', () => {
    for (const url of [
      'app://weft/..%2f..%2fetc%2fpasswd',
      'app://weft/..%2F..%2Fetc/passwd',
      'app://weft/..%5c..%5cwindows%5cwin.ini',
      'app://weft/assets%2f..%2f..%2fsecret',
      'app://weft/index.html%00.js',
      'app://weft/C:%5cWindows%5cwin.ini',
      'app://weft/C:/Windows/win.ini',
      'app://weft//etc/passwd',
      'app://weft/%2fetc%2fpasswd',
      'app://weft/assets/',
      'app://weft/assets/CON',
      'app://weft/nul.txt',
      'app://weft/%2e%2e%2f',
    ]) {
      expect(resolveAppPath(root, url), url).toEqual({ ok: false, status: 403 });
    }
  });

  it('refuses malformed escapes and URLs that are not app://weft', () => {
    expect(resolveAppPath(root, 'app://weft/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'not a url')).toEqual({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://other/index.html')).toEqual({ ok: false, status: 404 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toEqual({ ok: false, status: 404 });
  });
});

describe('mimeTypeFor', () => {
  it('names the types module scripts, workers, styles and fonts must be served with', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('assets/editor.worker-x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('assets/x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('assets/index.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('favicon.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('assets/codicon.ttf')).toBe('font/ttf');
    expect(mimeTypeFor('assets/x.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('LICENSE')).toBe('application/octet-stream');
  });
});

describe('serveAppRequest', () => {
  let base: string;
  let renderer: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'weft-app-protocol-')));
    renderer = join(base, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Weft</title>');
    writeFileSync(join(renderer, 'assets', 'index.js'), 'export {};');
    writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside', 'x.js'), 'outside');
    if (process.platform !== 'win32') {
      symlinkSync(join(base, 'secret.txt'), join(renderer, 'leak.txt'));
      symlinkSync(join(base, 'outside'), join(renderer, 'linked'));
      symlinkSync(join(renderer, 'assets', 'index.js'), join(renderer, 'alias.js'));
    }
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves a file with its type, the CSP header and nosniff', async () => {
    const response = await serveAppRequest(renderer, 'GET', APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(new TextDecoder().decode(response.body ?? new Uint8Array())).toContain('<title>Weft</title>');

    const script = await serveAppRequest(renderer, 'GET', 'app://weft/assets/index.js');
    expect(script.status).toBe(200);
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serveAppRequest(renderer, 'HEAD', APP_ENTRY_URL);
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    const post = await serveAppRequest(renderer, 'POST', APP_ENTRY_URL);
    expect(post.status).toBe(405);
    expect(post.headers.Allow).toBe('GET, HEAD');
  });

  it('answers 404 for missing files and folders, with the policy still set', async () => {
    for (const url of ['app://weft/missing.js', 'app://weft/assets', 'app://weft/index.html/x']) {
      const response = await serveAppRequest(renderer, 'GET', url);
      expect(response.status, url).toBe(404);
      expect(response.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('never serves a file outside the folder', async () => {
    for (const url of ['app://weft/..%2fsecret.txt', 'app://weft/%2e%2e%2fsecret.txt', 'app://weft//secret.txt']) {
      const response = await serveAppRequest(renderer, 'GET', url);
      expect(response.status, url).toBe(403);
      expect(new TextDecoder().decode(response.body ?? new Uint8Array())).not.toContain('outside');
    }
    // Dot segments are folded by the URL parser, so this asks for renderer/secret.txt, which does not exist.
    expect((await serveAppRequest(renderer, 'GET', 'app://weft/../secret.txt')).status).toBe(404);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses symbolic links that lead out, follows those that stay in',
    async () => {
      expect((await serveAppRequest(renderer, 'GET', 'app://weft/leak.txt')).status).toBe(403);
      expect((await serveAppRequest(renderer, 'GET', 'app://weft/linked/x.js')).status).toBe(403);
      const alias = await serveAppRequest(renderer, 'GET', 'app://weft/alias.js');
      expect(alias.status).toBe(200);
      expect(alias.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    },
  );
});
