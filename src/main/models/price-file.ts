import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Logger } from '../logging/logger';
import { priceTableSchema, type PriceTable } from './core/cost';
import bundled from './prices.json';

/** The bundled price table, validated. */
export const bundledPrices: PriceTable = priceTableSchema.parse(bundled);

/**
 * The user's editable copy of the price table in the data folder: written on first start,
 * re-read whenever it changes, and ignored (with a warning) while it does not validate.
 */
export class PriceFile {
  private cached: { mtimeMs: number; table: PriceTable } | undefined;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {
    if (!existsSync(file)) {
      try {
        writeFileSync(file, `${JSON.stringify(bundled, null, 2)}\n`, { flag: 'wx' });
      } catch (error) {
        log.warn({ err: error }, 'could not write the price table');
      }
    }
  }

  table(): PriceTable {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.file).mtimeMs;
    } catch {
      return bundledPrices;
    }
    if (this.cached?.mtimeMs === mtimeMs) return this.cached.table;
    let table = bundledPrices;
    try {
      const parsed = priceTableSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) table = parsed.data;
      else this.log.warn({ file: this.file }, 'the price table is not valid; using the bundled prices');
    } catch {
      this.log.warn({ file: this.file }, 'the price table is not valid JSON; using the bundled prices');
    }
    this.cached = { mtimeMs, table };
    return table;
  }
}
