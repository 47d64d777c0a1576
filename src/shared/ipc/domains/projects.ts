import { z } from 'zod';
import { allowedHostsSchema } from '../../domain/allowed-hosts';
import { projectIdSchema, projectSchema, trustChangeSchema } from '../../domain/project';
import { event, none, pathInput, request } from '../define';

/** Opening folders, the recent list, and each folder's trust and allowed hosts. */
export const projects = {
  open: request(z.object({ path: pathInput }), projectSchema),
  recent: request(none, z.array(projectSchema)),
  /** The most recently opened project, if reopening at start is on and it still exists. */
  reopenLast: request(none, projectSchema.nullable()),
  forget: request(z.object({ id: projectIdSchema }), z.null()),
  initGit: request(z.object({ id: projectIdSchema }), projectSchema),
  /** Records the user's answer to "Do you trust the authors of the files in this folder?". */
  setTrust: request(z.object({ id: projectIdSchema, trusted: z.boolean() }), projectSchema),
  /** Replaces the project's allowed hosts; `invalid_input` names the first bad entry. */
  setAllowedHosts: request(z.object({ id: projectIdSchema, hosts: allowedHostsSchema }), projectSchema),
  recentChanged: event(z.array(projectSchema)),
  /** A project's trust changed (here, in another window, or for the CLI's process). */
  trustChanged: event(trustChangeSchema),
  /** A project's allowed hosts changed; the payload is the new list. */
  allowedHostsChanged: event(z.object({ projectId: z.string(), hosts: z.array(z.string()) })),
} as const;
