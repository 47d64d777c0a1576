import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/renderer/src/lib/registry';

describe('contribution registry', () => {
  it('lists contributions by order, registration order breaking ties', () => {
    const registry = new Registry<{ id: string; order?: number }>('side view');
    registry.register({ id: 'git', order: 30 });
    registry.register({ id: 'explorer', order: 10 });
    registry.register({ id: 'search', order: 10 });
    registry.register({ id: 'late' });
    expect(registry.all().map((c) => c.id)).toEqual(['late', 'explorer', 'search', 'git']);
  });

  it('refuses a second contribution with the same id, naming it', () => {
    const registry = new Registry<{ id: string }>('command');
    registry.register({ id: 'workbench.save' });
    expect(() => registry.register({ id: 'workbench.save' })).toThrow(
      'A command with the id "workbench.save" is already registered.',
    );
  });

  it('tells subscribers of each change, and the disposer removes exactly its contribution once', () => {
    const registry = new Registry<{ id: string }>('panel tab');
    let changes = 0;
    const unsubscribe = registry.subscribe(() => changes++);
    const disposeLogs = registry.register({ id: 'logs' });
    registry.register({ id: 'terminal' });
    const before = registry.all();
    disposeLogs();
    disposeLogs();
    expect(registry.all().map((c) => c.id)).toEqual(['terminal']);
    expect(registry.all()).not.toBe(before);
    expect(changes).toBe(3);
    // The id is free again, and a removed subscriber hears nothing.
    unsubscribe();
    registry.register({ id: 'logs' });
    expect(changes).toBe(3);
    expect(registry.get('logs')).toEqual({ id: 'logs' });
  });
});
