import { safeStorage } from 'electron';
import type { SecretCipher } from '../host';

const PREFIX = 'safe1:';

/**
 * The OS keychain through Electron's safeStorage, or undefined where it offers no real
 * protection (Linux without a secret service falls back to a hard-coded password).
 */
export function safeStorageCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    kind: 'safeStorage',
    encrypt: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (blob) => {
      if (!blob.startsWith(PREFIX)) throw new Error('not a safeStorage blob');
      return safeStorage.decryptString(Buffer.from(blob.slice(PREFIX.length), 'base64'));
    },
  };
}
