import { describe, expect, it } from 'vitest';
import { EventHub } from '../../src/main/ipc/events';

describe('EventHub', () => {
  it('gives a service the typed payload of the one channel it listens to, until it stops', () => {
    const hub = new EventHub((error) => {
      throw error;
    });
    const heard: string[] = [];
    const stop = hub.on('projects.trustChanged', (change) => heard.push(`${change.projectId}:${change.trusted}`));
    hub.emit('git.changed', { projectId: 'p1' });
    hub.emit('projects.trustChanged', { projectId: 'p1', trust: 'trusted', trusted: true });
    stop();
    hub.emit('projects.trustChanged', { projectId: 'p1', trust: 'restricted', trusted: false });
    expect(heard).toEqual(['p1:true']);
  });

  it('scrubs what transports see, not what services hear, and one failing listener does not starve the others', () => {
    const failures: unknown[] = [];
    const hub = new EventHub(
      (error) => failures.push(error),
      (_channel, payload) => JSON.parse(JSON.stringify(payload).replace('sk-secret', '[redacted]')),
    );
    const service: string[][] = [];
    const window: unknown[] = [];
    hub.on('projects.allowedHostsChanged', () => {
      throw new Error('broken listener');
    });
    hub.on('projects.allowedHostsChanged', ({ hosts }) => service.push(hosts));
    hub.subscribe((channel, payload) => window.push({ channel, payload }), { window: true });
    hub.emit('projects.allowedHostsChanged', { projectId: 'p1', hosts: ['sk-secret.example'] });
    expect(service).toEqual([['sk-secret.example']]);
    expect(window).toEqual([
      { channel: 'projects.allowedHostsChanged', payload: { projectId: 'p1', hosts: ['[redacted].example'] } },
    ]);
    expect(failures).toHaveLength(1);
    expect(hub.windows()).toBe(1);
  });
});
