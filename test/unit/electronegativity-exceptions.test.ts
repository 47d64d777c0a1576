import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A cheap guard for electronegativity-exceptions.json that needs neither the scanner nor a build:
// `npm run security` can only be trusted if every exception names a real file and says why.
const root = fileURLToPath(new URL('../..', import.meta.url));
const raw: unknown = JSON.parse(readFileSync(join(root, 'electronegativity-exceptions.json'), 'utf8'));

interface Exception {
  check: string;
  file: string;
  justification: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

describe('electronegativity-exceptions.json', () => {
  it('is an array of { check, file, justification } and nothing else', () => {
    expect(Array.isArray(raw)).toBe(true);
    for (const entry of raw as unknown[]) {
      expect(isRecord(entry)).toBe(true);
      expect(Object.keys(entry as object).sort()).toEqual(['check', 'file', 'justification']);
    }
  });

  const entries = (Array.isArray(raw) ? raw : []) as Exception[];

  it('names checks by their Electronegativity id', () => {
    for (const { check } of entries) expect(check).toMatch(/^[A-Z0-9]+(_[A-Z0-9]+)*$/);
  });

  it('points every exception at a file that exists, by a repo-relative POSIX path', () => {
    for (const { file } of entries) {
      expect(typeof file).toBe('string');
      // The script compares these strings with its own repo-relative paths, so any other spelling never matches.
      expect(isAbsolute(file), file).toBe(false);
      expect(file.split('/'), file).not.toContain('..');
      expect(file, file).not.toContain('\\');
      const path = join(root, file);
      expect(existsSync(path) && statSync(path).isFile(), `${file} exists`).toBe(true);
    }
  });

  it('justifies every exception in at least 40 characters', () => {
    for (const { check, file, justification } of entries) {
      expect(typeof justification).toBe('string');
      expect(justification.trim().length, `${check} ${file}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('lists each check and file pair once', () => {
    const keys = entries.map(({ check, file }) => `${check} ${file}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
