import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { Decimal } from '../../lib/decimal.js';
import type { AllocationEntry } from '../../store/queries/payment-links.js';
import { csvLines } from '../csv.js';
import { parseDate } from '../options.js';
import { action, withExample, type ProgramIo } from '../program.js';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

function date(flag: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseDate(value, flag);
}

interface Total {
  costCentre: string;
  currency: string;
  amount: Decimal;
  payments: number;
}

/** Per cost centre and currency (currencies are never added together). */
function totals(entries: readonly AllocationEntry[]): Total[] {
  const byKey = new Map<string, Total>();
  for (const e of entries) {
    const costCentre = e.costCentre ?? 'unassigned';
    const key = `${costCentre}\u0000${e.currency}`;
    const t = byKey.get(key) ?? { costCentre, currency: e.currency, amount: Decimal.ZERO, payments: 0 };
    byKey.set(key, { ...t, amount: t.amount.add(e.amount), payments: t.payments + 1 });
  }
  return [...byKey.values()].sort((a, b) => (a.currency + a.costCentre < b.currency + b.costCentre ? -1 : 1));
}

export function registerAllocations(program: Command, io: ProgramIo): void {
  withExample(
    program
      .command('allocations')
      .description(
        'the cost-centre split of every FreshBooks payment recorded on a Coupa invoice, per payment and totalled per cost centre, for a period (by paid date)',
      )
      .requiredOption('--tenant <tenant>', 'the tenant')
      .option('--from <date>', 'first paid date included (YYYY-MM-DD)')
      .option('--to <date>', 'last paid date included (YYYY-MM-DD)')
      .option('--format <format>', FORMATS.join(' | '), 'table')
      .action(
        action<{ tenant: string; from?: string; to?: string; format: string }>(io, async (ctx, opts) => {
          const { listAllocations } = await import('../../store/queries/payment-links.js');
          const { requireTenant } = await import('../../store/queries/tenants.js');
          const format = FORMATS.find((f) => f === opts.format);
          if (!format) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${opts.format}'.`);
          const from = date('--from', opts.from);
          const to = date('--to', opts.to);
          if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
          const store = await ctx.store();
          await requireTenant(store.db, opts.tenant);
          const entries = await listAllocations(store.db, opts.tenant, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
          render(ctx, format, entries, { from, to });
        }),
      ),
    'ml-connector allocations --tenant acme --from 2026-11-01 --to 2026-11-30',
    'ml-connector allocations --tenant acme --format csv > november.csv',
  );
}

function render(
  ctx: { json: boolean; print(data: unknown, text: string | (() => string)): void },
  format: Format,
  entries: AllocationEntry[],
  period: { from: string | undefined; to: string | undefined },
): void {
  const rows = entries.map((e) => ({
    paidDate: e.paidDate,
    invoice: e.invoiceNumber,
    billPayment: e.billPaymentId,
    costCentre: e.costCentre ?? 'unassigned',
    currency: e.currency,
    amount: e.amount.toString(),
  }));
  const sums = totals(entries).map((t) => ({ ...t, amount: t.amount.toString() }));
  const data = { period: { from: period.from ?? null, to: period.to ?? null }, allocations: rows, totals: sums };
  if (format === 'json' || ctx.json) {
    ctx.print(data, () => JSON.stringify(data, null, 2));
    return;
  }
  if (format === 'csv') {
    const header = ['paid_date', 'invoice', 'bill_payment', 'cost_centre', 'currency', 'amount'];
    ctx.print(
      data,
      csvLines(
        header,
        rows.map((r) => [r.paidDate, r.invoice, r.billPayment, r.costCentre, r.currency, r.amount]),
      ),
    );
    return;
  }
  ctx.print(data, () => {
    if (rows.length === 0) return 'No payment was split over cost centres in this period.';
    const line = (cells: string[], widths: number[]) =>
      cells.map((c, i) => (i === cells.length - 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
    const widths = [10, 14, 12, 16, 8, 14];
    return [
      line(['paid', 'invoice', 'payment', 'cost centre', 'currency', 'amount'], widths),
      ...rows.map((r) => line([r.paidDate, r.invoice, r.billPayment, r.costCentre, r.currency, r.amount], widths)),
      '',
      'Totals per cost centre:',
      ...sums.map((t) => line([t.costCentre, t.currency, `${t.payments} payment(s)`, t.amount], [16, 8, 14, 14])),
    ].join('\n');
  });
}
