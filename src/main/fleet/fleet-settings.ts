import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { BoardSettings } from '../../shared/domain/tasks';
import { fleetSettingsSchema, type FleetSettings } from '../../shared/ipc/domains/tasks';
import type { Board } from './board';
import { BoardError } from './errors';

/** The settings the fleet runtime adds to the board's own (kept beside them, not in the board's row). */
const extrasSchema = fleetSettingsSchema.pick({ mergeStrategy: true, prune: true, checkTimeoutSec: true });
type Extras = z.infer<typeof extrasSchema>;

/**
 * A project's fleet settings: the board's (concurrency, limits, budget, check command…) from
 * its SQLite row, and the runtime's own (merge strategy, pruning, check timeout) from a small
 * JSON file per project in the data dir, replaced atomically.
 */
export class FleetSettingsStore {
  constructor(
    private readonly board: Board,
    private readonly dir: string,
  ) {}

  get(projectId: string): FleetSettings {
    return { ...this.board.settings(projectId).settings, ...this.extras(projectId) };
  }

  update(projectId: string, patch: Partial<FleetSettings>): FleetSettings {
    const { mergeStrategy, prune, checkTimeoutSec, ...boardPatch } = patch;
    const extras = extrasSchema.safeParse({
      ...this.extras(projectId),
      ...definedOnly({ mergeStrategy, prune, checkTimeoutSec }),
    });
    if (!extras.success) throw new BoardError('invalid_task', `Board settings: ${z.prettifyError(extras.error)}`);
    // The board validates its part first, so a refused patch writes neither part.
    this.board.updateSettings(projectId, definedOnly(boardPatch) as Partial<BoardSettings>);
    const path = this.path(projectId);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, JSON.stringify(extras.data));
    renameSync(`${path}.tmp`, path);
    return this.get(projectId);
  }

  private extras(projectId: string): Extras {
    let text: string;
    try {
      text = readFileSync(this.path(projectId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return extrasSchema.parse({});
      throw error;
    }
    const parsed = extrasSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new BoardError('invalid_task', `${this.path(projectId)}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  private path(projectId: string): string {
    return join(this.dir, `settings-${projectId}.json`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
