import type { NodeErrorData } from '../../../shared/workflow/run';
import type { RetryPolicy } from '../../../shared/workflow/schema';
import { NodeFailure } from './types';

// Codes another try cannot fix: the input, a policy or the user decided.
const permanent = new Set([
  'cancelled',
  'invalid_input',
  'workflow_invalid',
  'workflow_not_found',
  'template',
  'path_outside_project',
  'policy_denied',
  'offline_blocked',
  'budget_exceeded',
  'model_auth_failed',
  'model_bad_request',
  'model_provider_not_found',
  'unsupported',
  'rejected',
  'loop_exhausted',
  'invalid_items',
  'not_a_git_repository',
  'invalid_ref',
]);

/** Any thrown value as a NodeFailure; errors that carry a code (WeftError, ModelError) keep it. */
export function toFailure(error: unknown): NodeFailure {
  if (error instanceof NodeFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' && message ? message : String(error);
  if (typeof code === 'string' && /^[a-z_]{1,64}$/.test(code)) return new NodeFailure(code, text, !permanent.has(code));
  return new NodeFailure('failed', text, true);
}

export function failureData(error: NodeFailure): NodeErrorData {
  return { code: error.code, message: error.message };
}

/**
 * The wait before retry `n` (1 for the first): exponential from backoffMs, capped at
 * maxBackoffMs, with "equal jitter" (half fixed, half random) so steps that failed together
 * do not all retry at the same instant. `random` is in [0, 1).
 */
export function backoffDelay(n: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (n - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
