import { describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../src/sync/context.js';
import { outcomeOf, parseOutcome } from '../../src/sync/outcome.js';

const event = (over: Partial<WriteEvent>): WriteEvent => ({
  flow: 'invoices',
  action: 'create',
  linkKind: 'invoice',
  coupaId: '1',
  freshbooksId: 'planned-bill-1',
  ...over,
});

describe('an outcome made of sync events', () => {
  it('totals per flow, action and currency, never adding currencies together, exactly', () => {
    const outcome = outcomeOf(
      [
        event({ amount: '0.10', currency: 'USD' }),
        event({ coupaId: '2', amount: '0.20', currency: 'USD' }),
        event({ coupaId: '3', amount: '5.00', currency: 'EUR' }),
        event({ flow: 'suppliers', action: 'queue-review', linkKind: 'vendor', coupaId: 's1', freshbooksId: null }),
        event({ coupaId: '4', action: 'skip-before-start', freshbooksId: null, amount: '9.99', currency: 'USD' }),
      ],
      (id) => id.startsWith('planned-'),
    );
    expect(outcome.totals).toEqual([
      { flow: 'invoices', action: 'create', currency: 'USD', count: 2, amount: '0.30' },
      { flow: 'invoices', action: 'create', currency: 'EUR', count: 1, amount: '5.00' },
      { flow: 'suppliers', action: 'hold', currency: null, count: 1, amount: null },
      { flow: 'invoices', action: 'skip-before-start', currency: 'USD', count: 1, amount: '9.99' },
    ]);
    // Ids a dry run only imagined are not shown as FreshBooks records.
    expect(outcome.items[0]?.freshbooksId).toBeNull();
    expect(outcome.items[0]?.label).toBe('invoice 1');
  });

  it('reads back what was stored, and refuses what is not an outcome', () => {
    const outcome = outcomeOf([event({ amount: '1.00', currency: 'USD', label: 'invoice INV-1 (Acme)' })]);
    expect(parseOutcome(JSON.parse(JSON.stringify(outcome)))).toEqual(outcome);
    expect(parseOutcome({ items: [{ flow: 'nowhere' }], totals: [] })).toBeUndefined();
  });
});
