import type { TaskState } from '../../shared/domain/tasks';

/** What the dependency rules need to know of a task. */
export interface DependencyNode {
  readonly id: string;
  readonly projectId: string;
  readonly title: string;
  readonly state: TaskState;
  readonly dependsOn: readonly string[];
}

export type DependencyError =
  | { code: 'dependency_cycle'; message: string; cycle: string[] }
  | { code: 'dependency_other_project'; message: string; taskId: string }
  | { code: 'dependency_not_found'; message: string; taskId: string };

/** A task is ready to run when every task it depends on is done (no dependencies: at once). */
export function dependenciesDone(
  task: { readonly dependsOn: readonly string[] },
  byId: ReadonlyMap<string, { readonly state: TaskState }>,
): boolean {
  return task.dependsOn.every((id) => byId.get(id)?.state === 'done');
}

/**
 * The first cycle among the tasks' dependencies, as ids from a task back to itself
 * (`[a, b, c, a]`: a depends on b, b on c, c on a), or null. Dependencies on ids not in `nodes`
 * are ignored. Iterative DFS over integer indexes, so a long chain of dependencies can neither
 * overflow the stack nor cost more than a few string lookups per task.
 */
export function findCycle(nodes: ReadonlyMap<string, { readonly dependsOn: readonly string[] }>): string[] | null {
  const ids = [...nodes.keys()];
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const edges: number[][] = ids.map((id) => {
    const out: number[] = [];
    for (const dep of nodes.get(id)!.dependsOn) {
      const j = index.get(dep);
      if (j !== undefined) out.push(j);
    }
    return out;
  });
  // 0 unvisited, 1 on the current path, 2 finished.
  const colour = new Uint8Array(ids.length);
  const path: number[] = [];
  const next: number[] = [];
  for (let start = 0; start < ids.length; start++) {
    if (colour[start] !== 0) continue;
    colour[start] = 1;
    path.push(start);
    next.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top]!;
      const out = edges[node]!;
      if (next[top]! >= out.length) {
        colour[node] = 2;
        path.pop();
        next.pop();
        continue;
      }
      const dep = out[next[top]!++]!;
      if (colour[dep] === 1) return [...path.slice(path.indexOf(dep)), dep].map((i) => ids[i]!);
      if (colour[dep] === 2) continue;
      colour[dep] = 1;
      path.push(dep);
      next.push(0);
    }
  }
  return null;
}

/** "Write parser → Add tests → Write parser": a cycle as the user knows the tasks. */
export function nameCycle(cycle: readonly string[], titleOf: (id: string) => string): string {
  return cycle.map((id) => titleOf(id)).join(' → ');
}

/**
 * Checks new dependencies for `taskId` against the project's tasks: each must exist, belong to
 * the same project and not close a cycle. Duplicates are dropped. Nothing is changed here; the
 * board writes the answer only when it is `ok`.
 */
export function checkDependencies(
  taskId: string,
  dependsOn: readonly string[],
  tasks: ReadonlyMap<string, DependencyNode>,
): { ok: true; dependsOn: string[] } | { ok: false; error: DependencyError } {
  const task = tasks.get(taskId);
  if (!task) {
    return { ok: false, error: { code: 'dependency_not_found', taskId, message: `There is no task ${taskId}.` } };
  }
  const unique = [...new Set(dependsOn)];
  for (const id of unique) {
    const dep = tasks.get(id);
    if (!dep) {
      return {
        ok: false,
        error: {
          code: 'dependency_not_found',
          taskId: id,
          message: `"${task.title}" cannot depend on ${id}: there is no such task.`,
        },
      };
    }
    if (dep.projectId !== task.projectId) {
      return {
        ok: false,
        error: {
          code: 'dependency_other_project',
          taskId: id,
          message: `"${task.title}" cannot depend on "${dep.title}": it belongs to another project.`,
        },
      };
    }
  }
  const proposed = new Map<string, { dependsOn: readonly string[] }>();
  for (const [id, t] of tasks) if (t.projectId === task.projectId) proposed.set(id, t);
  proposed.set(taskId, { dependsOn: unique });
  const cycle = findCycle(proposed);
  if (cycle) {
    // Start the cycle at the task being edited, so the message reads from what the user changed.
    const ring = cycle.slice(0, -1);
    const at = ring.indexOf(taskId);
    const rotated = at > 0 ? [...ring.slice(at), ...ring.slice(0, at)] : ring;
    const named = [...rotated, rotated[0]!];
    const titleOf = (id: string) => tasks.get(id)?.title ?? id;
    return {
      ok: false,
      error: {
        code: 'dependency_cycle',
        cycle: named,
        message: `These dependencies would make a cycle: ${nameCycle(named, titleOf)}.`,
      },
    };
  }
  return { ok: true, dependsOn: unique };
}
