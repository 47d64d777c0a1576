import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WeftError } from '../../shared/ipc/errors';
import { workflowNameSchema } from '../../shared/workflow/schema';
import { PathGuard } from '../files/path-guard';

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
    const dir = await new PathGuard(root).resolve(WORKFLOW_DIR);
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
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
    const file = await new PathGuard(root).resolve(`${WORKFLOW_DIR}/${name}.json`);
    let text: string;
    try {
      const buffer = await readFile(file);
      if (buffer.length > MAX_FILE) throw new WeftError('workflow_invalid', `${name}.json is larger than 16 MB.`);
      text = buffer.toString('utf8');
    } catch (error) {
      if (error instanceof WeftError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
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
    const dir = await guard.resolve(WORKFLOW_DIR);
    await mkdir(dir, { recursive: true });
    const file = await guard.resolve(`${WORKFLOW_DIR}/${name}.json`);
    const temp = join(dir, `.${name}.json.${process.pid}.tmp`);
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temp, file);
  }
}
