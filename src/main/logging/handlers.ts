import type { NamespaceHandlers } from '../ipc/router';
import type { LogService } from './logger';

/** The `logs.*` requests. */
export function logHandlers(logs: LogService): NamespaceHandlers<'logs'> {
  return {
    'logs.recent': ({ limit }) => logs.recent(limit),
  };
}
