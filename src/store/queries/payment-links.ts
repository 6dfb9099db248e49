/** Payment pairs (Coupa payment ↔ FreshBooks bill payment) and the cost-centre split of each payment written to Coupa. */
import { Decimal } from '../../lib/decimal.js';
import type { Db, Tx } from '../db.js';
import type { PaymentLinksTable } from '../schema.js';
import type { Selectable } from 'kysely';

type Q = Db | Tx;

interface PaymentLink {
  id?: number;
  invoiceId: string;
  coupaKey: string | null;
  billPaymentId: string | null;
  billId: string;
  origin: 'coupa' | 'freshbooks' | 'matched';
  amount: Decimal;
  paidDate: string;
  state: 'live' | 'reversed' | 'deleted';
}

const ORIGINS = ['coupa', 'freshbooks', 'matched'] as const;
const STATES = ['live', 'reversed', 'deleted'] as const;

function oneOf<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`payment_links.${what} holds '${value}', which this version does not know`);
  return found;
}

function paymentLinkOf(r: Selectable<PaymentLinksTable>): PaymentLink {
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    coupaKey: r.coupa_key,
    billPaymentId: r.bill_payment_id,
    billId: r.bill_id,
    origin: oneOf(ORIGINS, r.origin, 'origin'),
    amount: Decimal.parse(r.amount),
    paidDate: r.paid_date,
    state: oneOf(STATES, r.state, 'state'),
  };
}

export async function findPaymentLink(
  db: Q,
  tenantId: string,
  by: { coupaKey: string } | { billPaymentId: string },
): Promise<PaymentLink | undefined> {
  let q = db.selectFrom('payment_links').selectAll().where('tenant_id', '=', tenantId);
  q = 'coupaKey' in by ? q.where('coupa_key', '=', by.coupaKey) : q.where('bill_payment_id', '=', by.billPaymentId);
  const r = await q.executeTakeFirst();
  return r && paymentLinkOf(r);
}

export async function listPaymentLinks(db: Q, tenantId: string, invoiceId?: string): Promise<PaymentLink[]> {
  let q = db.selectFrom('payment_links').selectAll().where('tenant_id', '=', tenantId);
  if (invoiceId !== undefined) q = q.where('invoice_id', '=', invoiceId);
  return (await q.orderBy('id').execute()).map(paymentLinkOf);
}

export async function savePaymentLink(db: Q, tenantId: string, link: PaymentLink, now = Date.now()): Promise<void> {
  const values = {
    invoice_id: link.invoiceId,
    coupa_key: link.coupaKey,
    bill_payment_id: link.billPaymentId,
    bill_id: link.billId,
    origin: link.origin,
    amount: link.amount.toString(),
    paid_date: link.paidDate,
    state: link.state,
    updated_at: now,
  };
  if (link.id === undefined) {
    await db
      .insertInto('payment_links')
      .values({ tenant_id: tenantId, created_at: now, ...values })
      .execute();
  } else {
    await db.updateTable('payment_links').set(values).where('tenant_id', '=', tenantId).where('id', '=', link.id).execute();
  }
}

interface AllocationPart {
  costCentre: string | null;
  amount: Decimal;
}

export interface AllocationEntry {
  invoiceId: string;
  invoiceNumber: string;
  billPaymentId: string;
  currency: string;
  paidDate: string;
  costCentre: string | null;
  amount: Decimal;
}

export async function addAllocations(
  db: Q,
  tenantId: string,
  head: Omit<AllocationEntry, 'costCentre' | 'amount'>,
  parts: readonly AllocationPart[],
  now = Date.now(),
): Promise<void> {
  if (parts.length === 0) return;
  await db
    .insertInto('allocations')
    .values(
      parts.map((p) => ({
        tenant_id: tenantId,
        invoice_id: head.invoiceId,
        invoice_number: head.invoiceNumber,
        bill_payment_id: head.billPaymentId,
        currency: head.currency,
        paid_date: head.paidDate,
        cost_centre: p.costCentre,
        amount: p.amount.toString(),
        created_at: now,
      })),
    )
    .execute();
}

/** Allocations of a tenant, by paid date (inclusive bounds, YYYY-MM-DD), optionally of one invoice. */
export async function listAllocations(
  db: Q,
  tenantId: string,
  filter: { from?: string; to?: string; invoiceId?: string } = {},
): Promise<AllocationEntry[]> {
  let q = db.selectFrom('allocations').selectAll().where('tenant_id', '=', tenantId);
  if (filter.from !== undefined) q = q.where('paid_date', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('paid_date', '<=', filter.to);
  if (filter.invoiceId !== undefined) q = q.where('invoice_id', '=', filter.invoiceId);
  const rows = await q.orderBy('paid_date').orderBy('id').execute();
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    billPaymentId: r.bill_payment_id,
    currency: r.currency,
    paidDate: r.paid_date,
    costCentre: r.cost_centre,
    amount: Decimal.parse(r.amount),
  }));
}
