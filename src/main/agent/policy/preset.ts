// A fleet task's approval preset (ask / edits / auto) laid over the policy's decision.
import type { ApprovalPreset } from '../../../shared/domain/tasks';
import { readOnlyKinds } from '../../mcp/core/tool-declaration';
import type { PolicyDecision, ToolFacts } from './policy';

/**
 * The policy's `allowAll` for a run with `preset`: `auto` runs everything the sandbox confines
 * (trusted folders only, like the setting); the others keep the user's global setting.
 */
export function presetAllowsAll(preset: ApprovalPreset | null, trusted: boolean, setting: boolean): boolean {
  return trusted && (setting || preset === 'auto');
}

/**
 * `ask` makes every write and command the policy would let through ask first, unless a rule the
 * user saved ("always allow") decided it; reads stay free. Denials are never loosened.
 */
export function applyPreset(preset: ApprovalPreset | null, tool: ToolFacts, decision: PolicyDecision): PolicyDecision {
  if (preset !== 'ask' || decision.action !== 'allow' || decision.ruleId !== null) return decision;
  const kind = tool.builtIn ? tool.declaration?.kind : undefined;
  if (decision.command === null && kind !== undefined && readOnlyKinds.has(kind)) return decision;
  return { ...decision, action: 'ask', reason: 'This task’s agent asks before every edit and command.' };
}
