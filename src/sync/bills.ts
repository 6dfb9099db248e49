/** Bill reads and writes shared by the PO and invoice flows. */
import { draftTotal } from '../core/bill-total.js';
import { billHash } from '../core/fingerprint.js';
import { billStateOf, type OwnedBill } from '../core/known.js';
import type { Bill, BillDraft } from '../core/records.js';
import { Decimal } from '../lib/decimal.js';
import type { SyncContext } from './context.js';
import { record, type Flow } from './report.js';

/** A bill as the plans see it before it is read: open, as last written. Reading it costs a call; only a plan that touches it pays. */
export function assumedOpen(billId: string, fingerprint: string | null): OwnedBill {
  return { billId, state: 'open', paid: Decimal.ZERO, ...(fingerprint ? { fingerprint } : {}) };
}

/** The bill as FreshBooks has it now (a person may have paid, archived or deleted it). */
export async function liveBill(ctx: SyncContext, billId: string, fingerprint: string | null): Promise<OwnedBill> {
  const bill = await ctx.freshbooks.bill(billId);
  return { billId, state: billStateOf(bill), paid: bill?.paid ?? Decimal.ZERO, ...(fingerprint ? { fingerprint } : {}) };
}

/**
 * A bill just read from FreshBooks (a webhook, the bill scan), as the plans see it. One a person
 * edited since the connector wrote it (its content hash moved) has no fingerprint: it is
 * compared again with what it must hold.
 */
export function seenBill(bill: Bill, link: { fingerprint: string | null; billHash: string | null }): OwnedBill {
  const edited = link.billHash !== null && link.billHash !== billHash(bill);
  return {
    billId: bill.id,
    state: billStateOf(bill),
    paid: bill.paid,
    ...(link.fingerprint && !edited ? { fingerprint: link.fingerprint } : {}),
  };
}

/** What has been paid on a bill, for a person to read ("40.00 USD"). */
export async function paidOn(ctx: SyncContext, billId: string | undefined): Promise<string> {
  const bill = billId ? await ctx.freshbooks.bill(billId) : undefined;
  return bill ? `${bill.paid.toString()} ${bill.currency}` : 'an amount';
}

/** Whether a FreshBooks bill holds exactly what this draft would write (vendor, currency, lines). */
function billHolds(bill: Bill, draft: BillDraft): boolean {
  return (
    bill.vendorId === draft.vendorId &&
    bill.currency === draft.currency &&
    bill.lines.length === draft.lines.length &&
    bill.lines.every((line, i) => {
      const want = draft.lines[i];
      return (
        want !== undefined &&
        line.description === want.description &&
        line.quantity.eq(want.quantity) &&
        line.unitCost.eq(want.unitCost) &&
        line.categoryId === want.categoryId &&
        (line.tax?.name ?? null) === (want.tax?.name ?? null) &&
        (line.tax === undefined || want.tax === undefined || line.tax.percent.eq(want.tax.percent))
      );
    })
  );
}

type Placed =
  | { kind: 'created'; bill: Bill }
  /** A bill with the record's tag that no other record owns and that holds what it needs. */
  | { kind: 'adopted'; bill: Bill }
  /** A bill carries the record's tag but is not adoptable: a person decides. */
  | { kind: 'differs'; billId: string; why: string };

/** This vendor's live bills with the tag that no record owns. */
async function unownedTagged(ctx: SyncContext, vendorId: string, isTag: (billNumber: string | null) => boolean): Promise<Bill[]> {
  const out: Bill[] = [];
  for (const bill of await ctx.fb.billsTagged(vendorId, isTag)) if (!(await ctx.state.billOwner(bill.id))) out.push(bill);
  return out;
}

/**
 * The bill a run that died wrote for a record: its link says a bill with this tag was about to
 * be written (an intent saved before the write) but holds no bill id. The tagged bill no record
 * owns is that bill: the record takes it back, whatever it holds now, and plans from there.
 */
export async function intendedBill(
  ctx: SyncContext,
  intent: { vendorId: string | null; tag: string | null; billId: string | null },
  isTag: (billNumber: string | null) => boolean,
): Promise<Bill | undefined> {
  if (intent.billId !== null || intent.tag === null || intent.vendorId === null) return undefined;
  const [first] = await unownedTagged(ctx, intent.vendorId, isTag);
  return first;
}

/**
 * Gives a record a new bill, unless FreshBooks already has one under the record's tag that no
 * record owns (its link was lost, or a person typed the tag): that one is adopted only when it
 * holds exactly what the record needs; if not, a person decides — never a second bill, never
 * another record's bill.
 */
export async function placeBill(ctx: SyncContext, draft: BillDraft, isTag: (billNumber: string | null) => boolean): Promise<Placed> {
  const unowned = await unownedTagged(ctx, draft.vendorId, isTag);
  const [first] = unowned;
  if (first) {
    if (unowned.length > 1) return { kind: 'differs', billId: unowned.map((b) => b.id).join(', '), why: 'several bills carry that tag' };
    if (billHolds(first, draft)) return { kind: 'adopted', bill: first };
    return {
      kind: 'differs',
      billId: first.id,
      why: billStateOf(first) === 'open' ? 'it holds other lines or amounts' : 'it is paid or archived',
    };
  }
  const bill = await forgetOnFailure(
    () => ctx.freshbooks.createBill(draft),
    () => {
      ctx.fb.forgetBills(draft.vendorId);
    },
  );
  ctx.fb.addBill(bill);
  return { kind: 'created', bill };
}

/** Counts and announces a bill a record was given: created, or an existing one linked. */
export function reportPlaced(
  ctx: SyncContext,
  flow: Flow,
  what: { linkKind: 'po' | 'invoice'; coupaId: string; label: string },
  placed: Exclude<Placed, { kind: 'differs' }>,
  draft: BillDraft,
): void {
  const adopted = placed.kind === 'adopted';
  record(ctx.report, flow, adopted ? 'linked' : 'created');
  ctx.wrote({ flow, action: adopted ? 'link' : 'create', ...what, freshbooksId: placed.bill.id, ...billMoney(draft) });
}

/** The money a bill written from this draft holds, for the events a plan and a report are made of. */
export function billMoney(draft: BillDraft): { amount: string; currency: string } {
  return { amount: draftTotal(draft).toString(), currency: draft.currency };
}

/** Runs a write; if it fails, the outcome is unknown, so what was read about it is dropped first. */
export async function forgetOnFailure<T>(write: () => Promise<T>, forget: () => void): Promise<T> {
  try {
    return await write();
  } catch (err) {
    forget();
    throw err;
  }
}
