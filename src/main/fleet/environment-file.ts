// Reading and writing the project's `.weft/environment.json` for the board's settings.
import type { EnvironmentView, TaskEnvironmentInput } from '../../shared/ipc/domains/tasks';
import { WeftError } from '../../shared/ipc/errors';
import type { PathGuard } from '../files/path-guard';
import { readVerified, writeVerified } from '../files/verified-fs';
import { ENVIRONMENT_FILE, parseEnvironment } from './environment';

/** Larger than any file the schema accepts; a bigger one is refused unread rather than parsed. */
const MAX_BYTES = 1_000_000;

/**
 * The environment file as the user edits it. Every path goes through the project's PathGuard and
 * verified-fs, so a `.weft` (or the file) linking out of the project is refused, never followed.
 */
export class EnvironmentFiles {
  constructor(private readonly guardOf: (projectId: string) => PathGuard) {}

  /** The file parsed, or its problems when it does not validate; null when the project has none. */
  async read(projectId: string): Promise<EnvironmentView | null> {
    const guard = this.guardOf(projectId);
    let text: string;
    try {
      const abs = await guard.resolve(ENVIRONMENT_FILE);
      const { bytes, info } = await readVerified(guard, abs, ENVIRONMENT_FILE, MAX_BYTES + 1);
      if (info.size > MAX_BYTES)
        return { path: ENVIRONMENT_FILE, environment: null, problems: `The file is larger than ${MAX_BYTES} bytes.` };
      text = bytes.toString('utf8');
    } catch (error) {
      if ((error as WeftError).code === 'path_not_found') return null;
      throw error;
    }
    try {
      return { path: ENVIRONMENT_FILE, environment: parseEnvironment(text), problems: null };
    } catch (error) {
      if (error instanceof WeftError) return { path: ENVIRONMENT_FILE, environment: null, problems: error.message };
      throw error;
    }
  }

  /** Validates with the same schema the runner reads it with; a refused value writes nothing. */
  async write(projectId: string, input: TaskEnvironmentInput): Promise<EnvironmentView> {
    const environment = parseEnvironment(JSON.stringify(input));
    const guard = this.guardOf(projectId);
    const abs = await guard.resolve(ENVIRONMENT_FILE);
    await writeVerified(guard, abs, ENVIRONMENT_FILE, `${JSON.stringify(environment, null, 2)}\n`, { mkdirs: true });
    return { path: ENVIRONMENT_FILE, environment, problems: null };
  }
}
