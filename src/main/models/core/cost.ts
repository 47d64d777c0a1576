import { z } from 'zod';
import type { Usage } from './types';

const priceSchema = z.object({
  match: z.string().min(1),
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0).optional(),
  cacheWrite: z.number().min(0).optional(),
});
export type Price = z.infer<typeof priceSchema>;

/** The price table file: prices in USD per million tokens, matched in order. */
export const priceTableSchema = z.object({ about: z.string().optional(), models: z.array(priceSchema) });
export type PriceTable = z.infer<typeof priceTableSchema>;

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** The first entry whose pattern matches the model id; provider prefixes like `anthropic/` are ignored. */
export function findPrice(table: PriceTable, model: string): Price | undefined {
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  return table.models.find((p) => globToRegExp(p.match).test(bare) || globToRegExp(p.match).test(model));
}

/**
 * The cost of a call in USD; 0 for local models, null when the model has no price (shown as
 * unknown rather than guessed). Cache reads and writes fall back to the input price.
 */
export function costOf(usage: Usage, price: Price | undefined, local: boolean): number | null {
  if (local) return 0;
  if (!price) return null;
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  return (
    usage.inputTokens * perToken(price.input) +
    usage.outputTokens * perToken(price.output) +
    usage.cacheReadTokens * perToken(price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * perToken(price.cacheWrite ?? price.input)
  );
}
