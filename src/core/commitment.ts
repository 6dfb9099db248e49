/**
 * A PO's open commitment: what it still promises to pay once the invoices already billed
 * against it are taken off. This is what the PO's bill holds, so FreshBooks never counts a
 * liability twice (once on the PO's bill, once on the invoice's) nor forgets what is still
 * committed.
 *
 * Rules:
 * - Only invoices that have a live bill count (the engine records their lines against each PO
 *   when it writes the bill, and removes them when the bill goes).
 * - An invoice line counts against the PO line it names (`orderLineNum`); a line that names
 *   the PO but no line of it (or an unknown one) is taken off the PO's open lines in line order.
 * - A PO line is never open below zero: over-invoicing one line does not reduce another.
 * - Only issued POs commit: a cancelled or closed PO has nothing open, whatever was invoiced.
 */
import { Decimal } from '../lib/decimal.js';
import { compareLineNums, normalisePoStatus, type Invoice, type PoLine, type PurchaseOrder } from './records.js';

/** One invoice line billed against a PO. */
export interface InvoicedLine {
  invoiceId: string;
  poNumber: string;
  /** The PO line it is matched to, when the invoice says. */
  orderLineNum: string | null;
  amount: Decimal;
}

/** PO statuses whose open part is a commitment. */
const COMMITTING = new Set(['issued', 'exported']);

function isCommitting(po: Pick<PurchaseOrder, 'status'>): boolean {
  return COMMITTING.has(normalisePoStatus(po.status));
}

/** The lines of an invoice that are billed against a PO, one entry per line. */
export function invoicedLines(invoice: Pick<Invoice, 'id' | 'lines'>): InvoicedLine[] {
  const out: InvoicedLine[] = [];
  for (const line of invoice.lines) {
    const poNumber = line.poNumber?.trim();
    if (!poNumber) continue;
    out.push({ invoiceId: invoice.id, poNumber, orderLineNum: line.orderLineNum?.trim() ?? null, amount: line.total });
  }
  return out;
}

/** What an invoice takes off each PO, by PO number. */
export function invoicedByPo(lines: readonly InvoicedLine[]): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const l of lines) out.set(l.poNumber, (out.get(l.poNumber) ?? Decimal.ZERO).add(l.amount));
  return out;
}

interface OpenCommitment {
  /** The PO's lines with what is still open on each; fully invoiced lines are left out. */
  lines: PoLine[];
  /** Their sum: zero when nothing is open. */
  open: Decimal;
}

/** What is still open on a PO, given the invoice lines billed against it (others are ignored). */
export function openCommitment(po: PurchaseOrder, invoiced: readonly InvoicedLine[]): OpenCommitment {
  if (!isCommitting(po)) return { lines: [], open: Decimal.ZERO };
  const mine = invoiced.filter((l) => l.poNumber === po.poNumber.trim());
  const lines = [...po.lines].sort((a, b) => compareLineNums(a.lineNum, b.lineNum));
  const known = new Set(lines.map((l) => l.lineNum.trim()));
  const open = new Map<string, Decimal>();
  for (const line of lines) {
    const against = mine.filter((l) => l.orderLineNum === line.lineNum.trim());
    open.set(line.lineNum, atLeastZero(line.total.sub(Decimal.sum(against.map((l) => l.amount)))));
  }
  let unmatched = Decimal.sum(mine.filter((l) => l.orderLineNum === null || !known.has(l.orderLineNum)).map((l) => l.amount));
  for (const line of lines) {
    if (!unmatched.gt(Decimal.ZERO)) break;
    const left = open.get(line.lineNum) ?? Decimal.ZERO;
    const taken = left.lt(unmatched) ? left : unmatched;
    open.set(line.lineNum, left.sub(taken));
    unmatched = unmatched.sub(taken);
  }
  const out: PoLine[] = [];
  for (const line of lines) {
    const left = open.get(line.lineNum) ?? Decimal.ZERO;
    if (left.isZero() || left.isNegative()) continue;
    out.push(left.eq(line.total) ? line : openPart(line, left));
  }
  return { lines: out, open: Decimal.sum(out.map((l) => l.total)) };
}

/**
 * A PO line reduced to what is still open. When the open amount is a whole number of units
 * at the line's price, the quantity says so ("6 × 100.00" of 10); otherwise it becomes an
 * amount line that names what it is part of.
 */
function openPart(line: PoLine, left: Decimal): PoLine {
  const quantity = line.quantity === null ? null : unitsOf(left, line.unitPrice);
  if (quantity !== null) return { ...line, quantity, total: left };
  const description = `${line.description.trim()} (open: ${left.toString()} of ${line.total.toString()})`.trim();
  return { ...line, description, quantity: null, unitPrice: left, total: left };
}

/** amount / price when it is a whole number, else null. */
function unitsOf(amount: Decimal, price: Decimal): Decimal | null {
  if (!price.gt(Decimal.ZERO)) return null;
  const scale = Math.max(amount.scale, price.scale);
  const a = amount.unitsAt(scale);
  const p = price.unitsAt(scale);
  return a % p === 0n ? Decimal.fromUnits(a / p, 0) : null;
}

function atLeastZero(value: Decimal): Decimal {
  return value.isNegative() ? Decimal.ZERO : value;
}
