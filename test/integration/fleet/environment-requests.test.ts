import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, ok, openProject, testBackend } from '../../helpers/backend';
import { makeRepo, tempDir } from '../../helpers/fixtures';

const FILE = '.weft/environment.json';

async function project(repo = makeRepo('env-requests')) {
  const backend = testBackend();
  const projectId = await openProject(backend, repo);
  return { backend, projectId, repo };
}

describe('tasks.environment / tasks.saveEnvironment', () => {
  it('answers null without a file, then writes and reads back what was saved', async () => {
    const { backend, projectId, repo } = await project();
    expect(await ok(backend, 'tasks.environment', { projectId })).toBeNull();

    const saved = await ok(backend, 'tasks.saveEnvironment', {
      projectId,
      environment: {
        setup: 'npm ci',
        cleanup: 'rm -rf tmp',
        env: { NODE_ENV: 'test' },
        hosts: ['Registry.NPMJS.org'],
        portsPerTask: 20,
      },
    });

    const expected = {
      setup: 'npm ci',
      cleanup: 'rm -rf tmp',
      env: { NODE_ENV: 'test' },
      hosts: ['registry.npmjs.org'],
      portsPerTask: 20,
    };
    expect(saved).toEqual({ path: FILE, environment: expected, problems: null });
    expect(JSON.parse(readFileSync(join(repo, FILE), 'utf8'))).toEqual(expected);
    expect(await ok(backend, 'tasks.environment', { projectId })).toEqual(saved);
  });

  it('refuses a bad value naming its JSON path, and leaves the file as it was', async () => {
    const { backend, projectId, repo } = await project();
    await ok(backend, 'tasks.saveEnvironment', { projectId, environment: { setup: 'make', portsPerTask: 5 } });
    const before = readFileSync(join(repo, FILE), 'utf8');

    const ports = await call(backend, 'tasks.saveEnvironment', { projectId, environment: { portsPerTask: 0 } });
    const variable = await call(backend, 'tasks.saveEnvironment', {
      projectId,
      environment: { env: { PORT: '3000' } },
    });

    expect(ports).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!ports.ok && ports.error.message).toMatch(/portsPerTask/);
    expect(variable).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!variable.ok && variable.error.message).toMatch(/env\.PORT: PORT and WEFT_PORT_BASE are set by Weft/);
    expect(readFileSync(join(repo, FILE), 'utf8')).toBe(before);
  });

  it('reports an invalid file with its problems instead of failing', async () => {
    const repo = makeRepo('env-invalid');
    mkdirSync(join(repo, '.weft'));
    writeFileSync(join(repo, FILE), JSON.stringify({ portsPerTask: 'ten', hosts: ['localhost'] }));
    const { backend, projectId } = await project(repo);

    const view = await ok<{ environment: unknown; problems: string }>(backend, 'tasks.environment', { projectId });

    expect(view.environment).toBeNull();
    expect(view.problems).toMatch(/portsPerTask/);
    expect(view.problems).toMatch(/hosts\.0/);
  });

  it('never follows a .weft that links out of the project', async () => {
    const repo = makeRepo('env-link');
    const outside = tempDir('weft-outside-');
    symlinkSync(outside, join(repo, '.weft'));
    const { backend, projectId } = await project(repo);

    const read = await call(backend, 'tasks.environment', { projectId });
    const write = await call(backend, 'tasks.saveEnvironment', { projectId, environment: { setup: 'npm ci' } });

    expect(read).toMatchObject({ ok: false, error: { code: 'path_outside_project' } });
    expect(write).toMatchObject({ ok: false, error: { code: 'path_outside_project' } });
    expect(existsSync(join(outside, 'environment.json'))).toBe(false);
  });
});
