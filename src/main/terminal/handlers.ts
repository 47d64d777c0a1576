import type { NamespaceHandlers } from '../ipc/router';
import type { TerminalService } from './terminal-service';

/** The `terminal.*` requests. */
export function terminalHandlers(terminals: TerminalService): NamespaceHandlers<'terminal'> {
  return {
    'terminal.create': (input) => terminals.create(input),
    'terminal.list': () => terminals.list(),
    'terminal.snapshot': ({ id }) => terminals.snapshot(id),
    'terminal.write': ({ id, data }) => (terminals.write(id, data), null),
    'terminal.resize': ({ id, cols, rows }) => (terminals.resize(id, cols, rows), null),
    'terminal.ack': ({ id, chars }) => (terminals.ack(id, chars), null),
    'terminal.rename': ({ id, name }) => terminals.rename(id, name),
    'terminal.kill': ({ id }) => (terminals.kill(id), null),
    'terminal.restart': ({ id }) => terminals.restart(id),
    'terminal.close': ({ id }) => (terminals.close(id), null),
    'terminal.run': async (input) => (await terminals.run(input)).info,
  };
}
