import { describe, expect, it } from 'vitest';
import {
  parseEnvironment,
  PortAllocator,
  portBlock,
  portEnv,
  taskVariables,
} from '../../../src/main/fleet/environment';

describe('.weft/environment.json', () => {
  it('reads a full file and fills the default ports per task', () => {
    const env = parseEnvironment(
      JSON.stringify({
        setup: 'npm ci',
        cleanup: 'rm -rf .cache',
        env: { NODE_ENV: 'test' },
        hosts: ['registry.npmjs.org', '*.pypi.org'],
      }),
    );
    expect(env).toEqual({
      setup: 'npm ci',
      cleanup: 'rm -rf .cache',
      env: { NODE_ENV: 'test' },
      hosts: ['registry.npmjs.org', '*.pypi.org'],
      portsPerTask: 10,
    });
    expect(parseEnvironment('{}')).toEqual({ portsPerTask: 10 });
  });

  it('names the JSON path of each problem', () => {
    expect(() => parseEnvironment('{"setup": 3, "portsPerTask": 0}')).toThrow(
      /\.weft\/environment\.json: setup: .*; portsPerTask: /,
    );
    expect(() => parseEnvironment('{"env": {"PORT": "1"}}')).toThrow(
      /env\.PORT: PORT and WEFT_PORT_BASE are set by Weft/,
    );
    expect(() => parseEnvironment('{"hosts": ["ok.org", "https://x.org"]}')).toThrow(/hosts\.1: Leave out the scheme/);
    expect(() => parseEnvironment('{"hosts": ["localhost"]}')).toThrow(/hosts\.0: localhost is this machine/);
    expect(parseEnvironment('{"hosts": ["Registry.NPMJS.org."]}').hosts).toEqual(['registry.npmjs.org']);
    expect(() => parseEnvironment('{"setpu": "npm ci"}')).toThrow(/setpu/);
    expect(() => parseEnvironment('{ nope')).toThrow(/is not valid JSON/);
  });
});

describe('port blocks', () => {
  it('gives each task its own PORT / WEFT_PORT_BASE block, on top of the project variables', () => {
    expect(portBlock(2, 20_000, 10)).toEqual({ base: 20_020, size: 10 });
    expect(portEnv({ base: 20_020, size: 10 })).toEqual({ PORT: '20020', WEFT_PORT_BASE: '20020' });
    const environment = parseEnvironment('{"env": {"NODE_ENV": "test"}}');
    expect(taskVariables(environment, { base: 20_020, size: 10 })).toEqual({
      NODE_ENV: 'test',
      PORT: '20020',
      WEFT_PORT_BASE: '20020',
    });
  });

  it('never hands out overlapping blocks to tasks running together, and reuses released ones', () => {
    const ports = new PortAllocator(30_000, 10);
    const a = ports.acquire('a');
    const b = ports.acquire('b');
    const c = ports.acquire('c');
    expect([a.base, b.base, c.base]).toEqual([30_000, 30_010, 30_020]);
    expect(ports.acquire('b')).toEqual(b);
    ports.release('b');
    ports.release('a');
    expect(ports.acquire('d').base).toBe(30_000);
    expect(ports.acquire('e').base).toBe(30_010);
    const held = [...ports.holders().values()].map((p) => p.base).sort();
    expect(new Set(held).size).toBe(held.length);
  });

  it('says so when the ports run out', () => {
    const ports = new PortAllocator(65_500, 20);
    ports.acquire('a');
    expect(() => ports.acquire('b')).toThrow(/No free ports/);
  });
});
