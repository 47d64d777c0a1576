import chardet from 'chardet';
import iconv from 'iconv-lite';

/** How a text file's bytes map to characters, so saving writes the same kind of bytes back. */
export interface TextEncoding {
  /** An iconv-lite encoding name, e.g. utf8, utf16le, windows-1252, shift_jis. */
  readonly name: string;
  /** Whether the file started with a byte-order mark, kept on save. */
  readonly bom: boolean;
}

const SNIFF = 8192;

/** Binary files have NUL bytes early on (text encodings other than UTF-16/32 never do). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

function hasBom(bytes: Uint8Array, bom: number[]): boolean {
  return bom.every((b, i) => bytes[i] === b);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Works out the encoding: BOMs first, then strict UTF-8, then chardet's best guess. Returns
 * null for binary content. UTF-16 files contain NUL bytes, so the BOM check comes first.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding | null {
  if (hasBom(bytes, [0xef, 0xbb, 0xbf])) return { name: 'utf8', bom: true };
  if (hasBom(bytes, [0xff, 0xfe])) return { name: 'utf16le', bom: true };
  if (hasBom(bytes, [0xfe, 0xff])) return { name: 'utf16be', bom: true };
  if (looksBinary(bytes)) return null;
  try {
    utf8.decode(bytes);
    return { name: 'utf8', bom: false };
  } catch {
    // Not UTF-8: fall through to detection.
  }
  const guess = chardet.detect(bytes);
  const name = guess && iconv.encodingExists(guess) ? guess.toLowerCase() : 'windows-1252';
  return { name, bom: false };
}

export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  return iconv.decode(Buffer.from(bytes), encoding.name, { stripBOM: true });
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  return iconv.encode(text, encoding.name, { addBOM: encoding.bom });
}
