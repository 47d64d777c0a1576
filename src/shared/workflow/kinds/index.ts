import { agentKind } from './agent';
import { approvalKind } from './approval';
import { conditionKind } from './condition';
import { gitKind } from './git';
import type { StepKind } from './kind';
import { llmKind } from './llm';
import { loopKind } from './loop';
import { mapKind } from './map';
import { shellKind } from './shell';
import { toolKind } from './tool';
import { workflowKind } from './workflow';

/**
 * Every step kind, one line each. Adding a kind: its file in this folder, a line here, its
 * executor (or `'engine'`) in src/main/workflow/executors/index.ts and its icon in the
 * renderer's kind-icons.ts — see docs/adding-a-step-kind.md. The order here is the order
 * error messages list the kinds in; the palette has its own (`palette.order`).
 */
export const stepKinds = {
  agent: agentKind,
  llm: llmKind,
  tool: toolKind,
  shell: shellKind,
  git: gitKind,
  condition: conditionKind,
  map: mapKind,
  loop: loopKind,
  approval: approvalKind,
  workflow: workflowKind,
} satisfies Record<string, StepKind>;

export type StepKinds = typeof stepKinds;
export type { Field, FieldType, PaletteEntry, StepKind, TemplateRead, ValidationContext } from './kind';
