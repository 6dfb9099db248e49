/**
 * What FreshBooks will total a drafted bill to, before it is written: each line's quantity ×
 * unit cost to the cent, plus its tax (FB-29, half-up per line), summed. A plan (dry run,
 * first-sync report) quotes this amount; the bill read back after the write must agree.
 */
import { lineTaxAmount } from './bill-charges.js';
import type { BillDraft } from './records.js';
import { Decimal } from '../lib/decimal.js';

export function draftTotal(draft: Pick<BillDraft, 'lines'>): Decimal {
  return Decimal.sum(
    draft.lines.map((line) => {
      const amount = line.quantity.mul(line.unitCost).round(2, 'half-up');
      return line.tax ? amount.add(lineTaxAmount(amount, line.tax.percent)) : amount;
    }),
  );
}
