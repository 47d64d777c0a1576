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

/** The icon of each node kind, on the palette and the canvas (CircleDashed for an unknown kind). */
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
};

export const unknownKindIcon: LucideIcon = CircleDashed;
