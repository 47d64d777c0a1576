import { describe, expect, it } from 'vitest';
import { isTrustedUrl } from '../../src/main/electron/trusted-url';

describe('isTrustedUrl', () => {
  const entry = 'file:///opt/Weft/resources/app.asar/out/renderer/index.html';

  it('trusts only the bundled page, with any query or hash', () => {
    expect(isTrustedUrl(entry, entry)).toBe(true);
    expect(isTrustedUrl(`${entry}#/settings`, entry)).toBe(true);
  });

  it('does not trust other local files, such as HTML inside a cloned repository', () => {
    expect(isTrustedUrl('file:///home/me/repo/docs/index.html', entry)).toBe(false);
    expect(isTrustedUrl('file:///opt/Weft/resources/app.asar/out/renderer/other.html', entry)).toBe(false);
  });

  it('trusts the dev server by origin, and nothing else on the web', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('https://evil.example/', dev)).toBe(false);
    expect(isTrustedUrl('not a url', dev)).toBe(false);
  });
});
