import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowTemplate } from '../../shared/domain/workflow';
import { WeftError } from '../../shared/ipc/errors';
import { starterTemplates } from '../../shared/workflow/templates';
import type { Logger } from '../logging/logger';

const MAX_TEMPLATE_BYTES = 2_000_000;

/**
 * Workflow templates: the starters Weft ships, and the user's own in `<data dir>/workflow-templates`,
 * shared by every project (a team shares workflows through the repository instead).
 */
export class WorkflowTemplates {
  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  async list(): Promise<WorkflowTemplate[]> {
    const starters = starterTemplates.map((t) => view(t.name, t.definition, 'starter'));
    return [...starters, ...(await this.globals())];
  }

  /** Saves a definition as a template for every project; a template of that name is replaced. */
  async save(name: string, definition: Record<string, unknown>): Promise<WorkflowTemplate> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${name}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(definition, null, 2)}\n`);
    await rename(temp, file);
    return view(name, definition, 'global');
  }

  private async globals(): Promise<WorkflowTemplate[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => /^[a-z0-9][a-z0-9_-]{0,63}\.json$/.test(n)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new WeftError('permission_denied', `Weft cannot read its workflow templates folder: ${String(error)}`);
    }
    const out: WorkflowTemplate[] = [];
    for (const file of names) {
      const path = join(this.dir, file);
      try {
        if ((await stat(path)).size > MAX_TEMPLATE_BYTES) throw new Error('larger than 2 MB');
        const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
        out.push(view(file.slice(0, -'.json'.length), value as Record<string, unknown>, 'global'));
      } catch (error) {
        // One broken file must not hide the others; the log says which and why.
        this.log.warn({ err: error, path }, 'skipped a workflow template that cannot be read');
      }
    }
    return out;
  }
}

function view(name: string, definition: Record<string, unknown>, source: 'starter' | 'global'): WorkflowTemplate {
  return {
    id: `${source}:${name}`,
    name,
    title: typeof definition.name === 'string' && definition.name ? definition.name : name,
    description: typeof definition.description === 'string' ? definition.description : '',
    definition,
    source,
  };
}
