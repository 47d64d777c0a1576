import { isWeftError, WeftError } from '../../shared/ipc/errors';
import { workflowNameSchema } from '../../shared/workflow/schema';
import { PathGuard } from '../files/path-guard';
import { listVerified, readVerified, writeVerified } from '../files/verified-fs';

/** Where a repository keeps its workflows, relative to its root. */
export const WORKFLOW_DIR = '.weft/workflows';
/** Workflow files larger than this are refused (10,000 nodes is about 2 MB). */
const MAX_FILE = 16 * 1024 * 1024;

function checkName(name: string): void {
  if (!workflowNameSchema.safeParse(name).success) {
    throw new WeftError(
      'invalid_input',
      `"${name.slice(0, 80)}" is not a workflow name: use lowercase letters, digits, - and _.`,
    );
  }
}

/** Reads and writes `.weft/workflows/<name>.json` inside a repository, through its PathGuard. */
export class WorkflowFiles {
  /** The names of the workflow files in a repository, sorted. */
  async list(root: string): Promise<string[]> {
    const guard = new PathGuard(root);
    const dir = await guard.resolve(WORKFLOW_DIR);
    const entries = await listVerified(guard, dir, WORKFLOW_DIR).catch((error: unknown) => {
      if (isWeftError(error) && (error.code === 'path_not_found' || error.code === 'not_a_directory')) return [];
      throw error;
    });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => e.name.slice(0, -'.json'.length))
      .filter((n) => workflowNameSchema.safeParse(n).success)
      .sort();
  }

  /** The file's JSON value; `workflow_not_found` or `workflow_invalid` (not JSON). */
  async read(root: string, name: string): Promise<unknown> {
    checkName(name);
    const guard = new PathGuard(root);
    const file = await guard.resolve(`${WORKFLOW_DIR}/${name}.json`);
    let text: string;
    try {
      // Read through a checked descriptor: a run's worktree may swap a folder for a link.
      const buffer = (await readVerified(guard, file, `${WORKFLOW_DIR}/${name}.json`, MAX_FILE + 1)).bytes;
      if (buffer.length > MAX_FILE) throw new WeftError('workflow_invalid', `${name}.json is larger than 16 MB.`);
      text = buffer.toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | WeftError).code;
      if (code === 'path_not_found' || code === 'is_a_directory') {
        throw new WeftError('workflow_not_found', `There is no workflow "${name}" in ${WORKFLOW_DIR}.`);
      }
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new WeftError(
        'workflow_invalid',
        `${WORKFLOW_DIR}/${name}.json is not valid JSON: ${(error as Error).message}`,
      );
    }
  }

  /** Writes the file atomically (a temporary file renamed over it), pretty-printed for review in git. */
  async write(root: string, name: string, value: unknown): Promise<void> {
    checkName(name);
    const guard = new PathGuard(root);
    const file = await guard.resolve(`${WORKFLOW_DIR}/${name}.json`);
    await writeVerified(guard, file, `${WORKFLOW_DIR}/${name}.json`, `${JSON.stringify(value, null, 2)}\n`, {
      mkdirs: true,
    });
  }
}
