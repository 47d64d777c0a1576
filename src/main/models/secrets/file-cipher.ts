import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { WeftError } from '../../../shared/ipc/errors';
import type { SecretCipher } from '../../host';

const PREFIX = 'aesgcm1:';
/** The key file's name in the data folder. */
export const KEY_FILE = 'secret.key';

/**
 * AES-256-GCM with a random key in `<dataDir>/secret.key` (mode 0600), for browser mode and
 * the CLI where there is no OS keychain. It keeps keys out of the database file and its
 * backups; anyone who can read the data folder as the user can still read them.
 */
export class FileSecretCipher implements SecretCipher {
  readonly kind = 'aes-256-gcm';

  private constructor(private readonly key: Buffer) {}

  /** Reads the key file, creating it on first use; tightens its mode if someone loosened it. */
  static open(dataDir: string): FileSecretCipher {
    const file = join(dataDir, KEY_FILE);
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(32).toString('base64'));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) {
      throw new WeftError(
        'secret_unavailable',
        `The key file ${file} is damaged. Move it aside and enter your API keys again.`,
      );
    }
    return new FileSecretCipher(key);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
  }

  decrypt(blob: string): string {
    const parts = blob.startsWith(PREFIX) ? blob.slice(PREFIX.length).split(':') : [];
    if (parts.length !== 3) throw unreadable();
    try {
      const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer];
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable();
    }
  }
}

function unreadable(): WeftError {
  return new WeftError(
    'secret_unavailable',
    'A stored API key cannot be decrypted (it was saved by another installation or its key file changed). Enter the key again.',
  );
}
