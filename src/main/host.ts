/** What the process hosting the backend can do beyond plain Node (dialogs, the OS shell). */
export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Shows a native folder picker; absent where there is none (browser mode). */
  pickFolder?(): Promise<string | null>;
  /** Opens a URL in the OS browser; absent where the UI opens it itself. */
  openExternal?(url: string): Promise<void>;
  /** Shows a path in the OS file manager. */
  revealInOs?(path: string): Promise<void>;
  /** Moves a path to the OS trash; absent where there is none (browser mode deletes after asking). */
  trashItem?(path: string): Promise<void>;
  /** True when the window can hand over real paths of dropped folders. */
  readonly dropFolders: boolean;
  /** The OS keychain (Electron safeStorage); absent where there is none, and a key file is used. */
  readonly secretCipher?: SecretCipher;
}

/** Encrypts small secrets (API keys) at rest; blobs are self-describing strings. */
export interface SecretCipher {
  /** e.g. `safeStorage` or `aes-256-gcm`, for the log and the settings page. */
  readonly kind: string;
  encrypt(plain: string): string;
  /** Throws when the blob was made elsewhere or the key is gone. */
  decrypt(blob: string): string;
}
