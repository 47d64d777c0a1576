import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/main/logging/redact';

describe('scrubSecrets', () => {
  it('removes a registered secret wherever it appears', () => {
    const token = 'pZWMundQoWTVnJEBKvuCnSp-GgeEdDvuXznrEcbCVMg';
    const line = JSON.stringify({ msg: `open http://127.0.0.1:1/?token=${token}`, url: token });
    const out = scrubSecrets(line, [token]);
    expect(out).not.toContain(token);
    expect(out).toContain('[redacted]');
  });

  it('removes API-key shaped text even when nobody registered it', () => {
    const out = scrubSecrets(
      'calling with sk-ant-api03-abcdefghijklmnopqrstuvwxyz and sk-proj-ABCDEFGHIJKLMNOPQRSTUV and Bearer abc.def.ghi123',
      [],
    );
    expect(out).not.toMatch(/sk-ant-api03-abc|sk-proj-ABC|abc\.def\.ghi123/);
    expect(out).toContain('Bearer [redacted]');
  });

  it('keeps the parameter name of a token in a URL', () => {
    expect(scrubSecrets('GET /?token=abcdef123456&x=1', [])).toBe('GET /?token=[redacted]&x=1');
  });

  it('leaves ordinary text alone, and ignores too-short "secrets"', () => {
    const line = 'project opened at /home/me/code with 3 files';
    expect(scrubSecrets(line, ['me', 'code'])).toBe(line);
  });
});
