import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../src/main/host';
import { FileSecretCipher } from '../../src/main/models/secrets/file-cipher';
import { layeredCipher } from '../../src/main/models/secrets/layered-cipher';
import { tempDir } from '../helpers/fixtures';

describe('file secret cipher', () => {
  it('round-trips a key through AES-256-GCM with a fresh IV each time', () => {
    const dir = tempDir();
    const cipher = FileSecretCipher.open(dir);
    const a = cipher.encrypt('sk-ant-secret-value');
    const b = cipher.encrypt('sk-ant-secret-value');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-value');
    expect(cipher.decrypt(a)).toBe('sk-ant-secret-value');
    // The key file persists: a second process reads what the first wrote.
    expect(FileSecretCipher.open(dir).decrypt(b)).toBe('sk-ant-secret-value');
  });

  it('keeps its key file private, and tightens a loosened mode', () => {
    const dir = tempDir();
    FileSecretCipher.open(dir);
    const file = join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o644);
    FileSecretCipher.open(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses tampered ciphertext and blobs from another key', () => {
    const cipher = FileSecretCipher.open(tempDir());
    const blob = cipher.encrypt('hello');
    const tampered = blob.slice(0, -4) + (blob.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => cipher.decrypt(tampered)).toThrow(expect.objectContaining({ code: 'secret_unavailable' }));
    expect(() => FileSecretCipher.open(tempDir()).decrypt(blob)).toThrow(
      expect.objectContaining({ code: 'secret_unavailable' }),
    );
    expect(() => cipher.decrypt('safe1:abc')).toThrow(expect.objectContaining({ code: 'secret_unavailable' }));
  });

  it('reports a damaged key file instead of inventing a new key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.key'), 'short', { mode: 0o600 });
    expect(() => FileSecretCipher.open(dir)).toThrow(expect.objectContaining({ code: 'secret_unavailable' }));
  });
});

describe('keychain with the key file behind it', () => {
  // Stands in for Electron's safeStorage, which needs the Electron runtime: a reversible encoding.
  const keychain: SecretCipher = {
    kind: 'safeStorage',
    encrypt: (plain) => `safe1:${Buffer.from(plain).toString('base64')}`,
    decrypt: (blob) => Buffer.from(blob.slice(6), 'base64').toString(),
  };

  it('saves with the keychain and still reads keys saved with the key file earlier', () => {
    const dir = tempDir();
    const earlier = FileSecretCipher.open(dir).encrypt('sk-saved-while-keychain-was-locked');
    let opened = 0;
    const cipher = layeredCipher(keychain, () => {
      opened++;
      return FileSecretCipher.open(dir);
    });
    const now = cipher.encrypt('sk-new');
    expect(now.startsWith('safe1:')).toBe(true);
    expect(cipher.decrypt(now)).toBe('sk-new');
    expect(opened).toBe(0); // the key file is only opened when an old blob needs it
    expect(cipher.decrypt(earlier)).toBe('sk-saved-while-keychain-was-locked');
    expect(opened).toBe(1);
  });
});
