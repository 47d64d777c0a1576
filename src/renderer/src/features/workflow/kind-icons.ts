import {
  Bot,
  CircleDashed,
  GitCommit,
  GitFork,
  Layers,
  MessageSquare,
  Repeat,
  Terminal,
  UserCheck,
  Workflow,
  Wrench,
  type LucideIcon,
} from 'lucide-react';
import type { NodeKind } from '../../../../shared/workflow/schema';

/**
 * The icon of each node kind, on the palette and the canvas (CircleDashed for an unknown kind).
 * Total over the kinds: a kind without an icon fails the type check.
 */
export const kindIcons: Readonly<Record<string, LucideIcon>> = {
  agent: Bot,
  llm: MessageSquare,
  shell: Terminal,
  git: GitCommit,
  tool: Wrench,
  condition: GitFork,
  map: Layers,
  loop: Repeat,
  approval: UserCheck,
  workflow: Workflow,
} satisfies Record<NodeKind, LucideIcon>;

export const unknownKindIcon: LucideIcon = CircleDashed;
