import { api, connection } from '../../lib/api';
import { useTerminals } from './state/terminals';
import { TerminalHost } from './host';
import { useLinkPrompt } from './link-prompt';

const hosts = new Map<string, TerminalHost>();

/** The xterm of a session, made on first need and kept until the session is closed. */
export function hostFor(id: string): TerminalHost {
  let host = hosts.get(id);
  if (!host) {
    const info = useTerminals.getState().sessions.find((s) => s.id === id);
    host = new TerminalHost(id, info?.kind === 'run', (url) => useLinkPrompt.getState().ask(url));
    hosts.set(id, host);
  }
  return host;
}

// Terminals follow the workbench theme: the `dark` class on <html> is what every view reads, and
// it changes after React's effects have run (theme setting, system preference), so watch it here.
let wasDark = document.documentElement.classList.contains('dark');
new MutationObserver(() => {
  const dark = document.documentElement.classList.contains('dark');
  if (dark === wasDark) return;
  wasDark = dark;
  for (const host of hosts.values()) host.setDark(dark);
}).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });

// Output goes to a session's xterm whether or not its tab is showing, so nothing is lost
// and acknowledgements keep flowing; a session first seen here restores from main's snapshot.
api.terminal.data(({ id, offset, data }) => {
  if (useTerminals.getState().sessions.some((s) => s.id === id)) hostFor(id).receive(offset, data);
});
api.terminal.removed(({ id }) => {
  hosts.get(id)?.dispose();
  hosts.delete(id);
});

// Events sent while browser mode's socket was down are lost: after a reconnect every view
// reloads its screen from main, where the sessions kept running.
let wasClosed = false;
connection.onChange((state) => {
  if (state === 'closed') wasClosed = true;
  if (state !== 'open' || !wasClosed) return;
  wasClosed = false;
  void useTerminals
    .getState()
    .load()
    .catch(() => undefined);
  for (const host of hosts.values()) host.resync();
});
