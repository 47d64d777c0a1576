import { WeftError } from '../../../shared/ipc/errors';
import { formatUsd } from '../../../shared/money';

/** A spending limit for one run or workflow; either limit may be left out. */
export interface Budget {
  readonly scope: 'run' | 'workflow';
  readonly id: string;
  readonly maxTokens?: number;
  readonly maxCostUsd?: number;
}

/** What a scope has used so far. */
export interface Spent {
  readonly tokens: number;
  readonly costUsd: number;
}

/** Throws `budget_exceeded` when a scope has reached its limit, so the next call is never made. */
export function assertWithinBudget(budget: Budget, spent: Spent): void {
  const what = `${budget.scope === 'run' ? 'Run' : 'Workflow'} ${budget.id}`;
  if (budget.maxTokens !== undefined && spent.tokens >= budget.maxTokens) {
    throw new WeftError(
      'budget_exceeded',
      `${what} has used ${spent.tokens.toLocaleString('en-US')} tokens of its ${budget.maxTokens.toLocaleString('en-US')}-token budget, so it was stopped.`,
    );
  }
  if (budget.maxCostUsd !== undefined && spent.costUsd >= budget.maxCostUsd) {
    throw new WeftError(
      'budget_exceeded',
      `${what} has spent ${formatUsd(spent.costUsd)} of its ${formatUsd(budget.maxCostUsd)} budget, so it was stopped.`,
    );
  }
}
