import { resolve } from 'node:path';
import { isWeftError } from '../../shared/ipc/errors';
import type { WorkflowRunView } from '../../shared/workflow/run';
import type { OpenOptions, ProjectService } from '../projects/project-service';
import { WORKFLOW_DIR } from '../workflow/workflow-files';
import type { WorkflowService } from '../workflow/workflow-service';
import { UsageError } from './usage-error';

/*
 * The mistakes a new user makes on `weft run` / `weft runs`, turned into exit code 2 and a line
 * that says what to type instead. Errors that are not the command line's fault pass through.
 */

/** Opens `--repo`; a folder that is not there is a mistake in the command, not a failed run. */
export async function openRepo(projects: ProjectService, repo: string, options?: OpenOptions): Promise<string> {
  try {
    return (await projects.open(resolve(repo), options)).id;
  } catch (error) {
    if (isWeftError(error) && (error.code === 'path_not_found' || error.code === 'not_a_directory')) {
      throw new UsageError(`${error.message} Name the repository with --repo PATH (default: the current folder).`);
    }
    throw error;
  }
}

/** A run named by id, or a usage mistake pointing at `weft runs list`. */
export function runNamed(service: WorkflowService, id: string): WorkflowRunView {
  try {
    return service.get(id);
  } catch (error) {
    if (isWeftError(error) && error.code === 'run_not_found') {
      throw new UsageError(`There is no workflow run "${id}". "weft runs list" shows the runs and their ids.`);
    }
    throw error;
  }
}

type InputSpec = { type?: string; default?: unknown };

/** `--input` for each of the workflow's inputs, as a reminder of what it takes. */
function inputsHint(raw: unknown): string {
  const inputs = Object.entries((raw as { inputs?: Record<string, InputSpec> }).inputs ?? {});
  if (inputs.length === 0) return 'The workflow takes no inputs: drop the --input options.';
  const each = inputs.map(
    ([name, spec]) =>
      `--input ${name}=<${spec.type ?? 'string'}>${spec.default === undefined ? '' : ` (default ${JSON.stringify(spec.default)})`}`,
  );
  return `It takes: ${each.join(', ')}.`;
}

/** Why `service.start` refused, in terms of what was typed: the name, the folder or the inputs. */
export async function startMistake(
  error: unknown,
  service: WorkflowService,
  projectId: string,
  name: string,
  repo: string,
  inPlace: boolean,
): Promise<unknown> {
  if (!isWeftError(error)) return error;
  const where = `${WORKFLOW_DIR} of ${resolve(repo)}`;
  switch (error.code) {
    case 'workflow_not_found':
    case 'invalid_input': {
      const names = (await service.list(projectId)).map((w) => w.name);
      return new UsageError(
        names.length > 0
          ? `${error.message} The workflows in ${where}: ${names.join(', ')}.`
          : `${error.message} There are no workflows in ${where}; create one in Weft's workflow editor or as ${WORKFLOW_DIR}/<name>.json.`,
      );
    }
    case 'not_a_git_repository':
      if (inPlace) return error;
      return new UsageError(
        `${resolve(repo)} is not a git repository, and a run works on a branch of its own. ` +
          `Make it one (git init, then a first commit), or add --in-place to work in the folder itself.`,
      );
    case 'workflow_invalid': {
      // The same code covers a broken file and wrong inputs; only the inputs are the command line's.
      const file = await service.read(projectId, name).catch(() => null);
      if (!file || file.issues.length > 0) return error;
      return new UsageError(`${error.message} ${inputsHint(file.definition)}`);
    }
    default:
      return error;
  }
}
