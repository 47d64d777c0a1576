// Pure: what the conflict radar's report means for each task and each cell of the matrix.
import type { RadarReportView } from '../../../../shared/ipc/domains/tasks';

/** The base branch's side of a pair, as the backend names it. */
export const BASE = '@base';

export type RadarPairView = RadarReportView['pairs'][number];

/** How a task stands on the radar: textual conflicts, or only files touched by both sides. */
export interface TaskRadar {
  /** Tasks (or BASE) it conflicts with. */
  readonly conflictsWith: readonly string[];
  /** Tasks (or BASE) that changed some of the same files without a textual conflict. */
  readonly overlapsWith: readonly string[];
}

export function radarByTask(radar: RadarReportView | null): Map<string, TaskRadar> {
  const out = new Map<string, { conflictsWith: string[]; overlapsWith: string[] }>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { conflictsWith: [], overlapsWith: [] }));
    return e;
  };
  for (const pair of radar?.pairs ?? []) {
    const list = pair.conflicts.length > 0 ? 'conflictsWith' : 'overlapsWith';
    entry(pair.a)[list].push(pair.b);
    if (pair.b !== BASE) entry(pair.b)[list].push(pair.a);
  }
  return out;
}

/** The pair of two sides, in either order. */
export function pairOf(radar: RadarReportView | null, x: string, y: string): RadarPairView | undefined {
  return radar?.pairs.find((p) => (p.a === x && p.b === y) || (p.a === y && p.b === x));
}

/** The tasks the matrix has rows for: those with a branch on the radar, in report order. */
export function radarTaskIds(radar: RadarReportView | null): string[] {
  return (radar?.tasks ?? []).map((t) => t.taskId);
}

/**
 * Files that running tasks already changed and that `description` names (by path or file name),
 * as [running task id, file] pairs: a hint, before a task starts, that it will likely collide.
 */
export function plannedOverlap(
  description: string,
  running: readonly { readonly id: string; readonly files: readonly string[] }[],
): { taskId: string; file: string }[] {
  const out: { taskId: string; file: string }[] = [];
  for (const task of running)
    for (const file of task.files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      if (description.includes(file) || (name.includes('.') && description.includes(name)))
        out.push({ taskId: task.id, file });
    }
  return out;
}
