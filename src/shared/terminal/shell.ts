/** The program a terminal starts, with its arguments. */
export interface ShellChoice {
  readonly file: string;
  readonly args: readonly string[];
}

/**
 * Picks the user's own shell: $SHELL when it exists; else zsh or bash (macOS, Linux), or
 * PowerShell, else cmd (Windows). Never a WSL-only shell. `exists` is injected so the
 * policy stays pure and testable for every platform on any machine.
 */
export function pickShell(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean,
): ShellChoice {
  if (platform === 'win32') {
    const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    const candidates = [
      env.ProgramFiles ? `${env.ProgramFiles}\\PowerShell\\7\\pwsh.exe` : undefined,
      `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`,
    ];
    for (const file of candidates) if (file && exists(file)) return { file, args: ['-NoLogo'] };
    return { file: env.ComSpec ?? env.COMSPEC ?? `${root}\\System32\\cmd.exe`, args: [] };
  }
  // macOS terminals start login shells (Terminal.app does); Linux ones do not.
  const args = platform === 'darwin' ? ['-l'] : [];
  const own = env.SHELL;
  if (own && own.startsWith('/') && exists(own)) return { file: own, args };
  const order = platform === 'darwin' ? ['/bin/zsh', '/bin/bash'] : ['/bin/bash', '/usr/bin/bash', '/bin/zsh'];
  for (const file of order) if (exists(file)) return { file, args };
  return { file: '/bin/sh', args: [] };
}

/** Quotes an argv for display only (never for execution): what the user sees in a run tab. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
