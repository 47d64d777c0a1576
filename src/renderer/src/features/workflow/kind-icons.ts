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

const icons: Record<string, LucideIcon> = {
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

/** The icon of a node kind, on the palette and the canvas. */
export const kindIcon = (kind: string): LucideIcon => icons[kind] ?? CircleDashed;
