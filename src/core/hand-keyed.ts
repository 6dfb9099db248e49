/**
 * Finding the FreshBooks bill a person keyed by hand for a Coupa invoice, before the connector
 * writes one of its own (a firm that re-typed Coupa invoices into FreshBooks for a year would
 * otherwise get every one of them twice).
 *
 * People write the invoice number their own way: "INV-1001", "inv 1001", "#INV-1001",
 * "INV1001", with the PO in front ("PO-4501 INV-1001", "PO4501/INV1001") or behind. Case,
 * spaces and punctuation are dropped before comparing; an "INV" word and the invoice's PO
 * numbers are allowed around the number. Only such a match in the invoice's currency is taken
 * without asking. The same amount within a few days of the invoice date (its number one typo
 * away, or another number, or none) is only a guess: a person picks (the review queue). Several matches are never guessed
 * between either.
 *
 * Never a candidate: a bill another record owns, a deleted or archived bill, or a bill whose
 * number is the connector's tag of a PO or of another invoice (that bill is another record's,
 * whatever its amount). A bill with this invoice's own tag is not looked at here: the tag
 * adoption (sync/bills.ts `placeBill`) decides about it.
 */
import { isTagOfInvoice, parseBillTag } from './bill-tags.js';
import { toMoneyString } from './money.js';
import { daysBetween, type Bill, type Invoice } from './records.js';
import type { Decimal } from '../lib/decimal.js';

/** How far apart the invoice date and a hand-keyed bill's issue date may be for an amount-only match. */
const NEAR_DATE_DAYS = 5;
/** Shorter keys than this are too easily one typo away from anything. */
const MIN_TYPO_KEY = 4;

export type HandKeyedInvoice = Pick<Invoice, 'invoiceNumber' | 'poNumbers' | 'total' | 'currency' | 'invoiceDate'>;

/** A bill a person is shown beside the invoice, with why it is there. */
export interface BillCandidate {
  billId: string;
  billNumber: string | null;
  issueDate: string;
  total: string;
  currency: string;
  why: string;
}

export type HandKeyedMatch =
  /** One bill carries the invoice's number in its currency: it is the invoice's bill. */
  | { kind: 'exact'; bill: Bill; differences: string[] }
  /** One bill that may be it: a person decides. */
  | { kind: 'near'; candidates: BillCandidate[] }
  /** Several bills that could be it: a person decides. */
  | { kind: 'ambiguous'; candidates: BillCandidate[] }
  | { kind: 'none' };

/** Upper-case letters and digits only: "#inv-1001 " → "INV1001". */
export function numberKey(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Every way of writing the invoice number accepted as the number itself, as keys. */
function numberVariants(invoiceNumber: string, poNumbers: readonly string[]): Set<string> {
  const own = numberKey(invoiceNumber);
  if (own === '') return new Set();
  const bare = own.startsWith('INV') ? [own] : [own, `INV${own}`, `INVOICE${own}`];
  const pos = poNumbers.map(numberKey).filter((p) => p !== '');
  const poForms = pos.flatMap((p) => (p.startsWith('PO') ? [p] : [p, `PO${p}`]));
  const out = new Set<string>(bare);
  for (const b of bare) {
    for (const p of poForms) {
      out.add(p + b);
      out.add(b + p);
    }
  }
  return out;
}

/** At most one insertion, deletion, substitution or swap of two neighbours apart (and not equal). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    const [i, j] = diff;
    return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

function money(amount: Decimal, currency: string): string {
  try {
    return `${toMoneyString(amount, currency)} ${currency}`;
  } catch {
    return `${amount.toString()} ${currency}`;
  }
}

/** Whether the bill's number is the connector's tag of another record (a PO, another invoice, or one cut too long to tell). */
function anotherRecordsTag(billNumber: string | null, invoice: HandKeyedInvoice, variants: ReadonlySet<string>): boolean {
  const parsed = parseBillTag(billNumber);
  if (parsed.kind === 'foreign') return false;
  if (parsed.kind === 'invoice') return !variants.has(numberKey(billNumber ?? '')) && !isTagOfInvoice(billNumber, invoice.invoiceNumber);
  return true;
}

function candidateOf(bill: Bill, why: string): BillCandidate {
  return {
    billId: bill.id,
    billNumber: bill.billNumber,
    issueDate: bill.issueDate,
    total: bill.total.toString(),
    currency: bill.currency,
    why,
  };
}

/** What an adopted bill holds that the invoice does not, for a person to read; empty when they agree. */
export function adoptionDifferences(invoice: HandKeyedInvoice, bill: Bill): string[] {
  const out: string[] = [];
  if (bill.currency !== invoice.currency || !bill.total.eq(invoice.total)) {
    out.push(
      `FreshBooks bill ${bill.id} totals ${money(bill.total, bill.currency)}; Coupa invoice ${invoice.invoiceNumber} totals ${money(invoice.total, invoice.currency)}`,
    );
  }
  return out;
}

type Fit = { kind: 'exact'; bill: Bill } | { kind: 'near'; candidate: BillCandidate };

/** How this bill may be the invoice's, ownership aside; undefined when it cannot be. */
function fitOf(invoice: HandKeyedInvoice, variants: ReadonlySet<string>, bill: Bill): Fit | undefined {
  if (bill.visState !== 0) return undefined;
  if (isTagOfInvoice(bill.billNumber, invoice.invoiceNumber, invoice.poNumbers[0])) return undefined;
  if (anotherRecordsTag(bill.billNumber, invoice, variants)) return undefined;
  const near = (why: string): Fit => ({ kind: 'near', candidate: candidateOf(bill, why) });
  const key = numberKey(bill.billNumber ?? '');
  if (key !== '' && variants.has(key)) {
    return bill.currency === invoice.currency
      ? { kind: 'exact', bill }
      : near(`its number matches, but it is in ${bill.currency}, the invoice in ${invoice.currency}`);
  }
  if (bill.currency !== invoice.currency || !bill.total.eq(invoice.total)) return undefined;
  // A guess needs the same amount and a date a few days off. The date matters even for a typo:
  // sequential numbers are one edit apart by nature, and a fixed monthly fee has the same amount
  // every month (DCC-202608 is not a typo of DCC-202607 a month earlier).
  const gap = daysBetween(bill.issueDate, invoice.invoiceDate);
  if (gap > NEAR_DATE_DAYS) return undefined;
  const apart = gap === 0 ? 'the same day' : `${gap} day(s) apart`;
  if (key.length >= MIN_TYPO_KEY && [...variants].some((v) => v.length >= MIN_TYPO_KEY && oneEditApart(key, v))) {
    return near(`its number "${bill.billNumber ?? ''}" is one typo away from ${invoice.invoiceNumber}, same amount, dated ${apart}`);
  }
  return near(`same amount ${money(bill.total, bill.currency)}, dated ${apart}`);
}

/** The bills that could be this invoice's, ownership aside: only these need their owner looked up. */
export function mayBeFor(invoice: HandKeyedInvoice, bills: readonly Bill[]): Bill[] {
  const variants = numberVariants(invoice.invoiceNumber, invoice.poNumbers);
  return bills.filter((b) => fitOf(invoice, variants, b) !== undefined);
}

/**
 * The hand-keyed bill for this invoice among its vendor's bills. `owned`: ids of bills a record
 * already has (never taken).
 */
export function matchHandKeyed(invoice: HandKeyedInvoice, bills: readonly Bill[], owned: ReadonlySet<string>): HandKeyedMatch {
  const variants = numberVariants(invoice.invoiceNumber, invoice.poNumbers);
  const exact: Bill[] = [];
  const near: BillCandidate[] = [];
  for (const bill of bills) {
    const fit = owned.has(bill.id) ? undefined : fitOf(invoice, variants, bill);
    if (fit?.kind === 'exact') exact.push(fit.bill);
    else if (fit?.kind === 'near') near.push(fit.candidate);
  }
  const [only] = exact;
  if (only && exact.length === 1) return { kind: 'exact', bill: only, differences: adoptionDifferences(invoice, only) };
  if (exact.length > 1) {
    return { kind: 'ambiguous', candidates: exact.map((b) => candidateOf(b, `its number matches ${invoice.invoiceNumber}`)) };
  }
  if (near.length === 1) return { kind: 'near', candidates: near };
  if (near.length > 1) return { kind: 'ambiguous', candidates: near };
  return { kind: 'none' };
}
