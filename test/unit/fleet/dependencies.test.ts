import { describe, expect, it } from 'vitest';
import {
  checkDependencies,
  dependenciesDone,
  findCycle,
  type DependencyNode,
} from '../../../src/main/fleet/dependencies';

function board(...nodes: [id: string, title: string, dependsOn: string[], projectId?: string][]) {
  return new Map<string, DependencyNode>(
    nodes.map(([id, title, dependsOn, projectId]) => [
      id,
      { id, title, dependsOn, projectId: projectId ?? 'p1', state: 'backlog' },
    ]),
  );
}

describe('task dependencies', () => {
  it('a task is ready only when every dependency is done', () => {
    const states = new Map([
      ['a', { state: 'done' as const }],
      ['b', { state: 'review' as const }],
    ]);
    expect(dependenciesDone({ dependsOn: [] }, states)).toBe(true);
    expect(dependenciesDone({ dependsOn: ['a'] }, states)).toBe(true);
    expect(dependenciesDone({ dependsOn: ['a', 'b'] }, states)).toBe(false);
    expect(dependenciesDone({ dependsOn: ['gone'] }, states)).toBe(false);
  });

  it('refuses a cycle and names it by titles, starting at the task being edited', () => {
    const tasks = board(['a', 'Parser', ['b']], ['b', 'Tests', ['c']], ['c', 'Docs', []]);
    const r = checkDependencies('c', ['a'], tasks);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'dependency_cycle',
        cycle: ['c', 'a', 'b', 'c'],
        message: 'These dependencies would make a cycle: Docs → Parser → Tests → Docs.',
      },
    });
  });

  it('refuses a task depending on itself', () => {
    const r = checkDependencies('a', ['a'], board(['a', 'Parser', []]));
    expect(r.ok ? null : r.error.message).toBe('These dependencies would make a cycle: Parser → Parser.');
  });

  it('refuses a dependency on another project, or on a task that does not exist', () => {
    const tasks = board(['a', 'Parser', []], ['x', 'Elsewhere', [], 'p2']);
    const other = checkDependencies('a', ['x'], tasks);
    expect(other.ok ? null : other.error).toMatchObject({
      code: 'dependency_other_project',
      message: '"Parser" cannot depend on "Elsewhere": it belongs to another project.',
    });
    const missing = checkDependencies('a', ['zzz'], tasks);
    expect(missing.ok ? null : missing.error.code).toBe('dependency_not_found');
  });

  it('accepts a diamond and drops repeated ids', () => {
    const tasks = board(['a', 'A', []], ['b', 'B', ['a']], ['c', 'C', ['a']], ['d', 'D', []]);
    expect(checkDependencies('d', ['b', 'c', 'b'], tasks)).toEqual({ ok: true, dependsOn: ['b', 'c'] });
  });

  it('finds no cycle in a long chain without running out of stack', () => {
    const nodes = new Map<string, { dependsOn: string[] }>();
    for (let i = 0; i < 20_000; i++) nodes.set(`t${i}`, { dependsOn: i > 0 ? [`t${i - 1}`] : [] });
    expect(findCycle(nodes)).toBeNull();
    nodes.set('t0', { dependsOn: ['t19999'] });
    expect(findCycle(nodes)?.length).toBe(20_001);
  });
});
