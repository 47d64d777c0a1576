import type { SecretCipher } from '../../host';

const FILE_PREFIX = 'aesgcm1:';

/**
 * Encrypts with the OS keychain, but still reads keys saved with the key file (for instance
 * while the keychain was unavailable at an earlier start), so they survive the switch.
 */
export function layeredCipher(primary: SecretCipher, openFileCipher: () => SecretCipher): SecretCipher {
  let file: SecretCipher | undefined;
  return {
    kind: primary.kind,
    encrypt: (plain) => primary.encrypt(plain),
    decrypt: (blob) => {
      if (!blob.startsWith(FILE_PREFIX)) return primary.decrypt(blob);
      file ??= openFileCipher();
      return file.decrypt(blob);
    },
  };
}
