import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where browser mode and the CLI keep data when no --data-dir is given: the XDG data
 * home on Linux, and each platform's usual application-data folder elsewhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.WEFT_DATA_DIR) return env.WEFT_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Weft');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Weft');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'weft');
}
