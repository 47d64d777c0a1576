import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../src/main/index';
import { LogService } from '../../src/main/logging/logger';
import { tempDir } from '../helpers/fixtures';

function readLogs(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('LogService', () => {
  it('writes JSON lines with levels to a file in the data dir', async () => {
    const dir = tempDir();
    const logs = new LogService({ dir, level: 'info' });
    logs.logger.debug('too detailed');
    logs.logger.warn({ projectId: 'p1' }, 'something odd');
    await logs.dispose();
    const lines = readLogs(dir)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'something odd', projectId: 'p1' })]);
  });

  it('never records a secret: not by key, not in text, not a registered token', async () => {
    const dir = tempDir();
    const logs = new LogService({ dir });
    const planted = 'sk-ant-api03-PLANTEDSECRETVALUE0123456789';
    const token = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    logs.registerSecret(token);
    logs.logger.info(
      { apiKey: planted, nested: { token: 'abcdefghijk', authorization: 'Bearer xyz12345678' } },
      'configured',
    );
    logs.logger.error({ err: new Error(`request failed with key ${planted}`) }, `url http://127.0.0.1/?token=${token}`);
    logs.logger.info(`header Authorization: Bearer ${planted}`);
    await logs.dispose();
    const text = readLogs(dir);
    expect(text).toContain('configured');
    expect(text).not.toContain(planted);
    expect(text).not.toContain(token);
    expect(text).not.toContain('abcdefghijk');
    expect(text).not.toContain('xyz12345678');
  });

  it('keeps recent entries for the Logs panel and tells listeners', async () => {
    const logs = new LogService({ level: 'info' });
    const heard: string[] = [];
    logs.onEntry((e) => heard.push(e.msg));
    logs.logger.info('one');
    logs.logger.warn('two');
    expect(logs.recent(10).map((e) => [e.level, e.msg])).toEqual([
      ['info', 'one'],
      ['warn', 'two'],
    ]);
    expect(heard).toEqual(['one', 'two']);
    await logs.dispose();
  });

  it('a browser-mode token never reaches the log file or the database', async () => {
    const { WeftServer } = await import('../../src/main/server/server');
    const dataDir = tempDir('weft-data-');
    const backend = Backend.create({ dataDir, host: { kind: 'browser', dropFolders: false } });
    const server = await WeftServer.start({ backend, staticDir: tempDir(), port: 0 });
    backend.logs.logger.info(`someone pasted ${server.urlWithToken}`);
    await server.dispose();
    await backend.dispose();
    expect(readLogs(join(dataDir, 'logs'))).not.toContain(server.token);
    expect(readFileSync(join(dataDir, 'weft.db')).includes(Buffer.from(server.token))).toBe(false);
  });
});
