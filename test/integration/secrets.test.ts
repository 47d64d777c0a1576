import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../src/main/host';
import { Backend } from '../../src/main/index';
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

describe('registration at load, not at first use', () => {
  it('a starting backend registers the bare tokens of stored MCP headers and env keys before any request', async () => {
    const dataDir = join(tempDir('weft-secrets-load-'), 'data');
    const first = Backend.create({ dataDir, host: { kind: 'browser', dropFolders: false }, logLevel: 'silent' });
    const saved = await first.router.dispatch(
      'mcp.save',
      {
        name: 'never-started',
        projectId: null,
        // Disabled: no request is ever made with these headers.
        transport: {
          type: 'http',
          url: 'http://127.0.0.1:9/mcp',
          headers: { Authorization: 'Bearer loadBearer5e1d8c2a7f', 'X-Session': 'sid=loadPair3b9e0d7c6a1;' },
        },
        enabled: false,
      },
      { transport: 'test' },
    );
    expect(saved.ok).toBe(true);
    await first.dispose();

    const second = Backend.create({
      dataDir,
      host: { kind: 'browser', dropFolders: false },
      logLevel: 'silent',
      env: { OPENAI_API_KEY: 'Bearer-less loadEnvKey4c7a1e9b3d' },
    });
    try {
      const known = [...second.logs.knownSecrets()];
      expect(known).toEqual(
        expect.arrayContaining(['loadBearer5e1d8c2a7f', 'loadPair3b9e0d7c6a1', 'loadEnvKey4c7a1e9b3d']),
      );
    } finally {
      await second.dispose();
    }
  });
});
