/** Desktop-only helpers the preload exposes beside the contract. */
export interface HostBridge {
  /** The filesystem path of a file or folder dropped onto the window. */
  pathForFile(file: File): string;
}
