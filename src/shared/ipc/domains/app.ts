import { z } from 'zod';
import { sandboxStatusSchema } from '../../domain/sandbox';
import { event, none, request } from '../define';

export const appInfoSchema = z.object({
  version: z.string(),
  /** Which host serves this UI: the desktop shell or browser mode. */
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
  /** Capabilities the host has, so the UI hides what it cannot do. */
  capabilities: z.object({
    pickFolder: z.boolean(),
    revealInOs: z.boolean(),
    dropFolders: z.boolean(),
  }),
  /** Whether the commands of agent and workflow runs are confined by the OS here. */
  sandbox: sandboxStatusSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Sub-folders of one folder under the user's home, for browser mode's folder browser. */
export const folderListingSchema = z.object({
  /** The folder listed, links resolved. */
  path: z.string(),
  home: z.string(),
  /** Null at home: the browser goes no higher. */
  parent: z.string().nullable(),
  folders: z.array(z.object({ name: z.string(), path: z.string(), repository: z.boolean() })),
  /** Sub-folders left out of a very long list. */
  more: z.number().int(),
});
export type FolderListing = z.infer<typeof folderListingSchema>;

/** The host and the OS shell. */
export const app = {
  info: request(none, appInfoSchema),
  /** Shows the OS folder picker (desktop only); null when the user cancels. */
  pickFolder: request(none, z.object({ path: z.string().nullable() })),
  /**
   * Lists the sub-folders of `path` (default: home) so a folder can be chosen without typing its
   * path; anything outside home is refused with `path_outside_home`.
   */
  listFolders: request(
    z.object({ path: z.string().max(4096).nullable().optional(), showHidden: z.boolean().optional() }).strict(),
    folderListingSchema,
  ),
  /** Opens an http(s) URL in the OS browser, after the UI has asked the user. */
  openExternal: request(z.object({ url: z.url({ protocol: /^https?$/ }) }), z.null()),
  /** A menu item or OS action asks the renderer to run a command by id. */
  command: event(z.object({ id: z.string() })),
  /** Weft's database was found damaged (by any request or background write); Weft stopped writing to it. */
  databaseDamaged: event(z.object({ message: z.string() })),
} as const;
