import { workflowPath, WORKFLOWS_DIR } from '../../shared/domain/workflow';
import { WeftError } from '../../shared/ipc/errors';
import { workflowNameSchema } from '../../shared/workflow/schema';
import type { PathGuard } from '../files/path-guard';
import { removeVerified } from '../files/verified-entries';
import { listVerified, readVerified, writeVerified } from '../files/verified-fs';

/** A workflow file as read from disk: its JSON value (null when it is not JSON) and why not. */
export interface WorkflowDocument {
  readonly name: string;
  readonly path: string;
  readonly json: unknown;
  /** Set when the file is not valid JSON. */
  readonly parseError: string | null;
  readonly mtimeMs: number;
}

/**
 * The project's `.weft/workflows/*.json` files. Names are checked by the schema (no separators,
 * no dots) and every path goes through the project's PathGuard, so a `.weft` that is a link out
 * of the repository is refused.
 */
export class WorkflowDocuments {
  constructor(private readonly guardOf: (projectId: string) => PathGuard) {}

  private async resolve(projectId: string, name: string): Promise<string> {
    if (!workflowNameSchema.safeParse(name).success) {
      throw new WeftError('invalid_input', `"${name.slice(0, 80)}" is not a workflow name.`);
    }
    return this.guardOf(projectId).resolve(workflowPath(name));
  }

  /** Every workflow file, by name; files whose names are not workflow names are left out. */
  async list(projectId: string): Promise<WorkflowDocument[]> {
    const guard = this.guardOf(projectId);
    const dir = await guard.resolve(WORKFLOWS_DIR);
    let names: string[];
    try {
      names = (await listVerified(guard, dir, WORKFLOWS_DIR))
        .filter((d) => d.isFile() && d.name.endsWith('.json'))
        .map((d) => d.name.slice(0, -'.json'.length))
        .filter((n) => workflowNameSchema.safeParse(n).success)
        .sort();
    } catch (error) {
      if ((error as WeftError).code === 'path_not_found') return [];
      throw error;
    }
    const files = await Promise.all(names.map((n) => this.read(projectId, n).catch(() => null)));
    return files.filter((f): f is WorkflowDocument => f !== null);
  }

  /** One file; `workflow_not_found` when there is none. */
  async read(projectId: string, name: string): Promise<WorkflowDocument> {
    const abs = await this.resolve(projectId, name);
    let text: string;
    let mtimeMs: number;
    try {
      const { bytes, info } = await readVerified(this.guardOf(projectId), abs, workflowPath(name));
      [text, mtimeMs] = [bytes.toString('utf8'), info.mtimeMs];
    } catch (error) {
      if ((error as WeftError).code === 'path_not_found') {
        throw new WeftError('workflow_not_found', `There is no workflow "${name}" in ${WORKFLOWS_DIR}.`);
      }
      throw error;
    }
    try {
      return { name, path: workflowPath(name), json: JSON.parse(text) as unknown, parseError: null, mtimeMs };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        name,
        path: workflowPath(name),
        json: null,
        parseError: `The file is not valid JSON: ${detail}`,
        mtimeMs,
      };
    }
  }

  /**
   * Writes a definition as indented JSON (readable diffs in review); verified-fs replaces an
   * existing file through a temporary one, so a crash never leaves half a file. Refuses to
   * overwrite a file changed since `expectedMtimeMs`, or any existing file when `create` is set.
   */
  async write(
    projectId: string,
    name: string,
    json: unknown,
    options: { expectedMtimeMs?: number | null; create?: boolean } = {},
  ): Promise<{ mtimeMs: number; path: string }> {
    const abs = await this.resolve(projectId, name);
    const info = await writeVerified(
      this.guardOf(projectId),
      abs,
      workflowPath(name),
      `${JSON.stringify(json, null, 2)}\n`,
      { exclusive: options.create === true, expectedMtimeMs: options.expectedMtimeMs ?? null, mkdirs: true },
    ).catch((error: unknown) => {
      if (options.create && (error as WeftError).code === 'already_exists')
        throw new WeftError('already_exists', `A workflow "${name}" already exists.`);
      throw error;
    });
    return { mtimeMs: info.mtimeMs, path: workflowPath(name) };
  }

  async remove(projectId: string, name: string): Promise<void> {
    await this.resolve(projectId, name);
    try {
      await removeVerified(this.guardOf(projectId), workflowPath(name), false);
    } catch (error) {
      if ((error as WeftError).code === 'path_not_found') {
        throw new WeftError('workflow_not_found', `There is no workflow "${name}" in ${WORKFLOWS_DIR}.`);
      }
      throw error;
    }
  }
}
