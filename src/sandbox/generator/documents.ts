/**
 * Generated purchase orders and invoices: multi-line POs (quantity and amount lines coded to
 * company-costcentre-GL accounts), invoices covering a PO whole or in parts, invoices without
 * a PO, and payments (full, split, partial) recorded by the ERP.
 */
import { itemAt } from '../guards.js';
import { Decimal } from '../../lib/decimal.js';
import type { Random } from '../../lib/random.js';
import { COMPANY_SEGMENT } from '../coupa/reference-data.js';
import type { InvoiceSeed, PaymentSeed, PurchaseOrderSeed } from '../coupa/seed.js';
import { lineTotal, money, portion, randomPrice, randomQuantity } from './amounts.js';
import type { SupplierInfo } from './suppliers.js';

const DAY = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface PlannedLine {
  lineNum: string;
  quantity: string | null;
  price: string;
  /** Quantity (quantity lines) or amount (amount lines) not invoiced yet. */
  open: Decimal;
}

interface PlannedPo {
  seed: PurchaseOrderSeed;
  supplier: SupplierInfo;
  createdAt: number;
  lines: PlannedLine[];
}

export interface DocContext {
  rng: Random;
  /** Nothing is dated after this. */
  endMs: number;
  invoiceCounter: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function account(rng: Random, supplier: SupplierInfo): string {
  return `${COMPANY_SEGMENT}-${rng.pick(supplier.industry.costCentres)}-${supplier.industry.gl}`;
}

export function makePurchaseOrder(ctx: DocContext, supplier: SupplierInfo, poNumber: string, createdAt: number): PlannedPo {
  const { rng } = ctx;
  const month = itemAt(MONTHS, new Date(createdAt).getUTCMonth(), 'month');
  const count = rng.pick([1, 1, 2, 2, 3, 4]);
  const lines: PlannedLine[] = [];
  const seedLines: PurchaseOrderSeed['lines'] = [];
  for (let i = 0; i < count; i++) {
    const template = rng.pick(supplier.industry.lines);
    const price = randomPrice(rng, template.min, template.max, supplier.currency);
    const quantity = template.kind === 'quantity' ? randomQuantity(rng, template.fractional) : null;
    const lineNum = String(i + 1);
    seedLines.push({
      description: template.kind === 'amount' ? `${template.description} – ${month}` : template.description,
      quantity,
      price,
      ...(template.uom && quantity !== null && { uom: template.uom }),
      accountCode: account(rng, supplier),
      needBy: iso(createdAt + rng.int(7, 45) * DAY).slice(0, 10),
    });
    lines.push({ lineNum, quantity, price, open: Decimal.parse(quantity ?? price) });
  }
  const roll = rng.int(1, 100);
  const status: PurchaseOrderSeed['status'] = roll <= 68 ? 'issued' : roll <= 82 ? 'closed' : roll <= 90 ? 'draft' : 'cancelled';
  const version = status === 'issued' && rng.chance(0.1) ? rng.int(2, 3) : 1;
  const exported = status === 'draft' ? false : version > 1 ? false : rng.chance(status === 'issued' ? 0.6 : 0.85);
  const seed: PurchaseOrderSeed = {
    poNumber,
    supplierNumber: supplier.seed.number,
    currency: supplier.currency,
    status,
    version,
    exported,
    lines: seedLines,
    createdAt: iso(createdAt),
  };
  return { seed, supplier, createdAt, lines };
}

function nextInvoiceNumber(ctx: DocContext, supplier: SupplierInfo): string {
  ctx.invoiceCounter += 1;
  const n = ctx.invoiceCounter;
  switch (supplier.country.code) {
    case 'FR':
      return `FA-${String(n).padStart(6, '0')}`;
    case 'DE':
      return `RE-${n}`;
    case 'GB':
      return String(100000 + n);
    case 'JP':
      return `SEI-${n}`;
    default:
      return `INV-${n}`;
  }
}

function invoiceStatus(rng: Random): InvoiceSeed['status'] {
  const roll = rng.int(1, 100);
  return roll <= 65 ? 'approved' : roll <= 85 ? 'pending_approval' : roll <= 90 ? 'pending_receipt' : roll <= 94 ? 'draft' : 'voided';
}

/** Full, split or partial payments of an approved invoice, dated after it (and before the end). */
function plannedPayments(ctx: DocContext, gross: Decimal, currency: string, invoiceDate: number): PaymentSeed[] {
  const { rng } = ctx;
  const roll = rng.int(1, 100);
  const first = invoiceDate + rng.int(10, 45) * DAY;
  if (roll > 55 || first > ctx.endMs || !gross.gt(Decimal.ZERO)) return [];
  const note = () => rng.pick(['ACH', 'WIRE', 'CHK']) + `-${rng.int(10000, 99999)}`;
  if (roll <= 25) return [{ amount: money(gross, currency), date: iso(first).slice(0, 10), notes: note() }];
  const part = portion(gross, rng.int(3, 7), 10, currency);
  if (!part.gt(Decimal.ZERO)) return [];
  const payments: PaymentSeed[] = [{ amount: money(part, currency), date: iso(first).slice(0, 10), notes: note() }];
  const second = first + rng.int(10, 30) * DAY;
  // Split payment: the rest follows; otherwise the invoice stays partly paid.
  if (roll <= 40 && second <= ctx.endMs)
    payments.push({ amount: money(gross.sub(part), currency), date: iso(second).slice(0, 10), notes: note() });
  return payments;
}

function finishInvoice(
  ctx: DocContext,
  base: Omit<InvoiceSeed, 'status' | 'payments' | 'exported'>,
  gross: Decimal,
  currency: string,
  invoiceDate: number,
): InvoiceSeed {
  const status = invoiceStatus(ctx.rng);
  const payments = status === 'approved' ? plannedPayments(ctx, gross, currency, invoiceDate) : [];
  const exported = status === 'approved' ? ctx.rng.chance(payments.length > 0 ? 0.7 : 0.5) : false;
  return { ...base, status, payments, exported };
}

/**
 * `count` invoices against one PO. A single invoice covers the whole PO or (40%) part of it;
 * with several, each takes a share of what is still open, the last one the rest.
 */
export function makePoInvoices(ctx: DocContext, po: PlannedPo, count: number): InvoiceSeed[] {
  const { rng } = ctx;
  const currency = po.supplier.currency;
  const out: InvoiceSeed[] = [];
  let date = po.createdAt;
  for (let k = 0; k < count; k++) {
    const last = k === count - 1;
    const partial = !last || (count === 1 && rng.chance(0.4));
    const lines: NonNullable<InvoiceSeed['lines']> = [];
    let gross = Decimal.ZERO;
    // A partial invoice bills either some of the lines, or part of each line.
    const someLines = partial && po.lines.length > 1 && rng.chance(0.5);
    for (const line of po.lines) {
      if (!line.open.gt(Decimal.ZERO)) continue;
      if (someLines && lines.length > 0) break;
      let take = line.open;
      if (partial && !someLines) {
        take = line.quantity !== null ? halfQuantity(line.open) : portion(line.open, 1, 2, currency);
        if (!take.gt(Decimal.ZERO)) continue;
      }
      if (line.quantity !== null) {
        lines.push({ poLineNum: line.lineNum, quantity: take.toString() });
        gross = gross.add(lineTotal(take.toString(), line.price, currency));
      } else {
        lines.push({ poLineNum: line.lineNum, price: money(take, currency) });
        gross = gross.add(take);
      }
      line.open = line.open.sub(take);
    }
    if (lines.length === 0) break;
    date = Math.min(ctx.endMs, date + rng.int(5, 40) * DAY);
    const invoice = finishInvoice(
      ctx,
      {
        supplierNumber: po.supplier.seed.number,
        invoiceNumber: nextInvoiceNumber(ctx, po.supplier),
        invoiceDate: iso(date).slice(0, 10),
        poNumber: po.seed.poNumber,
        lines,
        createdAt: iso(date),
      },
      gross,
      currency,
      date,
    );
    // A voided invoice gives its lines back: the PO is still open for them.
    if (invoice.status === 'voided') restore(po, lines);
    out.push(invoice);
  }
  return out;
}

/** Half of an open quantity in whole units (at least 1). */
function halfQuantity(open: Decimal): Decimal {
  if (!open.gt(Decimal.parse(1))) return open;
  const whole = open.round(0, 'down').unitsAt(0);
  return Decimal.fromUnits(whole / 2n > 0n ? whole / 2n : 1n, 0);
}

function restore(po: PlannedPo, lines: NonNullable<InvoiceSeed['lines']>): void {
  for (const l of lines) {
    const line = po.lines.find((x) => x.lineNum === l.poLineNum);
    if (line) line.open = line.open.add(Decimal.parse(l.quantity ?? l.price ?? '0'));
  }
}

/** An invoice with no PO behind it (a utility bill, a one-off service), sometimes with tax. */
export function makeStandaloneInvoice(ctx: DocContext, supplier: SupplierInfo, date: number): InvoiceSeed {
  const { rng } = ctx;
  const currency = supplier.currency;
  const month = itemAt(MONTHS, new Date(date).getUTCMonth(), 'month');
  const lines: NonNullable<InvoiceSeed['lines']> = [];
  let net = Decimal.ZERO;
  for (let i = 0, n = rng.pick([1, 1, 2]); i < n; i++) {
    const template = rng.pick(supplier.industry.lines);
    const price = randomPrice(rng, template.min, template.max, currency);
    const quantity = template.kind === 'quantity' ? randomQuantity(rng, template.fractional) : null;
    lines.push({
      description: `${template.description} – ${month}`,
      ...(quantity !== null && { quantity }),
      price,
      ...(template.uom && quantity !== null && { uom: template.uom }),
      accountCode: `${COMPANY_SEGMENT}-${rng.pick(supplier.industry.costCentres)}-${supplier.industry.gl}`,
    });
    net = net.add(lineTotal(quantity, price, currency));
  }
  const tax = rng.chance(0.25) ? portion(net, 1, 10, currency) : Decimal.ZERO;
  return finishInvoice(
    ctx,
    {
      supplierNumber: supplier.seed.number,
      invoiceNumber: nextInvoiceNumber(ctx, supplier),
      invoiceDate: iso(date).slice(0, 10),
      currency,
      lines,
      ...(tax.gt(Decimal.ZERO) && { taxAmount: money(tax, currency) }),
      createdAt: iso(date),
    },
    net.add(tax),
    currency,
    date,
  );
}
