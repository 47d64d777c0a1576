import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeRepo, tempDir } from '../helpers/fixtures';
import { testBackend } from '../helpers/backend';
import { writeWorkflow } from '../helpers/workflows';

const cli = resolve('bin/weft.js');

/** Runs the built `weft` with `env` added to this process's environment. */
function weft(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.runIf(process.platform !== 'win32')('the CLI', () => {
  it('prints no registered secret, even when a step echoes one', async () => {
    const key = 'plantCliEnvKey8c1f4e7a2b93d0';
    const repo = makeRepo();
    const dataDir = join(tempDir('weft-cli-secrets-'), 'data');
    // The step's command is the user's; the key reaches Weft from the environment, as users set it.
    writeWorkflow(repo, 'leaky', {
      nodes: [{ id: 'leak', kind: 'shell', command: `echo "token ${key}"; echo "auth ${key}" >&2; exit 4` }],
    });
    for (const json of [false, true]) {
      const out = await weft(
        ['run', 'leaky', '--repo', repo, '--in-place', '--data-dir', dataDir, ...(json ? ['--json'] : [])],
        { ANTHROPIC_API_KEY: key },
      );
      expect(out.code).toBe(1);
      expect(out.stdout + out.stderr).toContain('[redacted]');
      expect(out.stdout + out.stderr).not.toContain(key);
    }
    const show = await weft(['runs', 'list', '--json', '--data-dir', dataDir], { ANTHROPIC_API_KEY: key });
    expect(show.stdout).not.toContain(key);
  });

  it('reports a damaged database in one line with exit code 3, and leaves the file as it was', async () => {
    const dataDir = join(tempDir('weft-cli-damage-'), 'data');
    const backend = testBackend(dataDir);
    await backend.dispose();
    const file = join(dataDir, 'weft.db');
    const sqlite = new Database(file, { readonly: true });
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    const root = (
      sqlite.prepare("select rootpage from sqlite_master where name = 'workflow_runs'").get() as { rootpage: number }
    ).rootpage;
    sqlite.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, (root - 1) * pageSize, root * pageSize);
    writeFileSync(file, bytes);
    const before = sha(file);

    const out = await weft(['runs', 'list', '--data-dir', dataDir]);
    expect(out.code).toBe(3);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^weft: Weft's database is damaged: .*Weft has stopped writing to it/);
    expect(sha(file)).toBe(before);
  });
});
