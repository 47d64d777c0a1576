import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../src/main/electron/app-protocol';
import { isDevServerEntry, isTrustedUrl } from '../../src/main/electron/trusted-url';

describe('isTrustedUrl', () => {
  const entry = APP_ENTRY_URL;

  it('trusts the app:// origin, with any path, query or hash', () => {
    expect(entry).toBe('app://weft/index.html');
    expect(isTrustedUrl(entry, entry)).toBe(true);
    expect(isTrustedUrl(`${entry}#/settings`, entry)).toBe(true);
    expect(isTrustedUrl('app://weft/', entry)).toBe(true);
  });

  it('trusts no file:// page, not even the bundled index.html', () => {
    expect(isTrustedUrl('file:///opt/Weft/resources/app.asar/out/renderer/index.html', entry)).toBe(false);
    expect(isTrustedUrl('file:///home/me/repo/docs/index.html', entry)).toBe(false);
    // The old rule trusted file:// entries by path; such an entry now trusts nothing.
    const fileEntry = 'file:///opt/Weft/resources/app.asar/out/renderer/index.html';
    expect(isTrustedUrl(fileEntry, fileEntry)).toBe(false);
  });

  it('does not mistake other opaque origins or other hosts for the app', () => {
    // Every one of these has the origin "null" in WHATWG terms, as app://weft does.
    for (const url of ['data:text/html,<p>x</p>', 'about:blank', 'blob:null/1234', 'javascript:alert(1)']) {
      expect(isTrustedUrl(url, entry), url).toBe(false);
    }
    expect(isTrustedUrl('app://other/index.html', entry)).toBe(false);
    expect(isTrustedUrl('app://weft:8080/index.html', entry)).toBe(false);
    expect(isTrustedUrl('apps://weft/index.html', entry)).toBe(false);
    expect(isTrustedUrl('https://weft/index.html', entry)).toBe(false);
    expect(isTrustedUrl('', entry)).toBe(false);
  });

  it('trusts the dev server by origin, and nothing else on the web', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('https://evil.example/', dev)).toBe(false);
    expect(isTrustedUrl(APP_ENTRY_URL, dev)).toBe(false);
    expect(isTrustedUrl('not a url', dev)).toBe(false);
  });
});

describe('isDevServerEntry', () => {
  it('relaxes the policy only for an http(s) dev server', () => {
    expect(isDevServerEntry('http://localhost:5173/')).toBe(true);
    expect(isDevServerEntry(APP_ENTRY_URL)).toBe(false);
    expect(isDevServerEntry('file:///opt/Weft/index.html')).toBe(false);
  });
});
