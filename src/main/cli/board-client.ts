import type { z } from 'zod';
import type { Task } from '../../shared/domain/tasks';
import type { RequestDef } from '../../shared/ipc/define';
import type { tasks } from '../../shared/ipc/domains/tasks';
import { WeftError } from '../../shared/ipc/errors';
import type { Backend } from '../index';

type Domain = typeof tasks;
type RequestName = { [K in keyof Domain]: Domain[K] extends RequestDef ? K : never }[keyof Domain];
type Input<K extends RequestName> = z.input<Domain[K]['input']>;
type Output<K extends RequestName> = z.output<Domain[K]['output']>;

/**
 * The task board as the CLI reaches it: the same requests the app's window sends, answered
 * by the same handlers and service of a Backend in this process, so the CLI and the window
 * cannot drift apart, inputs are checked by the contract, and refusals arrive as {code, message}.
 */
export class BoardClient {
  constructor(private readonly backend: Backend) {}

  async call<K extends RequestName>(name: K, input: Input<K>): Promise<Output<K>> {
    const reply = await this.backend.router.dispatch(`tasks.${name}`, input, { transport: 'cli' });
    if (!reply.ok) throw new WeftError(reply.error.code, reply.error.message);
    return reply.value as Output<K>;
  }

  /** Hears every change of the project's tasks, as the window does. Returns the unsubscribe. */
  onChanged(projectId: string, listener: (tasks: readonly Task[]) => void): () => void {
    return this.backend.events.on('tasks.changed', (change) => {
      if (change.projectId === projectId) listener(change.tasks);
    });
  }
}
