import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxProxy, type ProxyDenial } from '../../../src/main/sandbox/proxy';
import { until } from '../../helpers/until';

// A sandboxed command that asks for a refused host and hangs up at once must not take Weft down:
// the refusal is written to a socket that is already gone (EPIPE / ECONNRESET).
describe('sandbox proxy', () => {
  let proxy: SandboxProxy | null = null;
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
  });

  it('survives commands that hang up before reading the refusal of a CONNECT', async () => {
    const denials: ProxyDenial[] = [];
    proxy = await SandboxProxy.start({ socketPath: null, allowedHosts: () => [], onDenied: (d) => denials.push(d) });
    const endpoint = proxy.endpoint;
    if (endpoint.kind !== 'tcp') throw new Error('expected a loopback proxy');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const sockets: Socket[] = [];
      for (let i = 0; i < 40; i++) {
        const socket = connect(endpoint.port, '127.0.0.1', () => {
          socket.write(`CONNECT refused-${i}.example:443 HTTP/1.1\r\nHost: refused-${i}.example:443\r\n\r\n`);
          // Gone before the answer: the proxy's refusal then meets a reset socket.
          socket.resetAndDestroy();
        });
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      await until(() => denials.length === 40 && sockets.every((s) => s.destroyed));
      // The proxy still answers a well-behaved client afterwards.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(endpoint.port, '127.0.0.1', () =>
          socket.write('CONNECT refused.example:443 HTTP/1.1\r\nHost: refused.example:443\r\n\r\n'),
        );
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 403/);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
