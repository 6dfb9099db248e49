/**
 * The sync engine's state port (sync/state.ts) over the store: one tenant's links, cursors,
 * reviews, attention items and record leases.
 */
import type { AttentionItem } from '../core/attention.js';
import type { VendorDraft } from '../core/records.js';
import { withWriteTransaction, type Store, type Tx } from '../store/db.js';
import { deleteCursors, getCursor, setCursor } from '../store/queries/cursors.js';
import { findAttention, resolveAttentionFor, upsertAttention } from '../store/queries/attention.js';
import { addAllocations, findPaymentLink, listAllocations, listPaymentLinks, savePaymentLink } from '../store/queries/payment-links.js';
import { findBillReview, findReviewForSupplier, openBillReview, openReview, resolveReview } from '../store/queries/reviews.js';
import {
  findInvoiceLink,
  findInvoiceLinkByBill,
  findPoLink,
  findPoLinkByBill,
  findVendorIntent,
  findVendorLink,
  findVendorLinkByVendor,
  upsertVendorIntent,
  invoicedLinesOfPo,
  listPoLinks,
  markPosToSettle,
  replaceInvoicedLines,
  upsertInvoiceLink,
  upsertPoLink,
  upsertVendorLink,
} from '../store/queries/sync-links.js';
import type { SyncState } from '../sync/state.js';
import { withRecordLock } from './record-locks.js';

function attentionInput(item: AttentionItem) {
  return {
    recordKind: item.record.kind,
    recordId: item.record.id,
    label: item.record.label,
    code: item.code,
    message: item.message,
    action: item.action,
  };
}

function parseFields(json: string | null): VendorDraft | null {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  // Written by saveVendor from a VendorDraft, and read back only here.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the column holds what saveVendor wrote
  return typeof value === 'object' && value !== null ? (value as VendorDraft) : null;
}

/** The state of one tenant; `db` is the store itself or a transaction in it. */
export function syncStateFor(store: Store, tenantId: string, db: Store['db'] | Tx = store.db): SyncState {
  const state: SyncState = {
    async vendor(supplierId) {
      const l = await findVendorLink(db, tenantId, supplierId);
      return l && { supplierId, vendorId: l.vendorId, coupaFields: parseFields(l.coupaFields), sourceUpdatedAt: l.sourceUpdatedAt };
    },
    saveVendor: (row) =>
      upsertVendorLink(db, tenantId, {
        supplierId: row.supplierId,
        vendorId: row.vendorId,
        coupaFields: row.coupaFields === null ? null : JSON.stringify(row.coupaFields),
        sourceUpdatedAt: row.sourceUpdatedAt,
      }),
    vendorOwner: async (vendorId) => (await findVendorLinkByVendor(db, tenantId, vendorId))?.supplierId,
    intendVendor: (supplierId, fields) =>
      upsertVendorIntent(db, tenantId, { supplierId, vendorName: fields.vendorName, coupaFields: JSON.stringify(fields) }),
    async vendorIntent(supplierId) {
      const intent = await findVendorIntent(db, tenantId, supplierId);
      return intent ? (parseFields(intent.coupaFields) ?? undefined) : undefined;
    },
    po: (poNumber) => findPoLink(db, tenantId, poNumber),
    savePo: (row) => upsertPoLink(db, tenantId, row),
    posToSettle: async () => (await listPoLinks(db, tenantId, { needsSettle: true })).map((p) => p.poNumber),
    invoice: (invoiceId) => findInvoiceLink(db, tenantId, invoiceId),
    saveInvoice: (row) => upsertInvoiceLink(db, tenantId, row),
    async billOwner(billId) {
      const invoice = await findInvoiceLinkByBill(db, tenantId, billId);
      if (invoice) return { kind: 'invoice', row: invoice };
      const po = await findPoLinkByBill(db, tenantId, billId);
      return po && { kind: 'po', row: po };
    },
    invoicedLines: (poNumber) => invoicedLinesOfPo(db, tenantId, poNumber),
    async setInvoicedLines(invoiceId, lines) {
      const touched = await replaceInvoicedLines(db, tenantId, invoiceId, lines);
      await markPosToSettle(db, tenantId, touched);
      return touched;
    },
    paymentByCoupaKey: (key) => findPaymentLink(db, tenantId, { coupaKey: key }),
    paymentByBillPayment: (id) => findPaymentLink(db, tenantId, { billPaymentId: id }),
    paymentsOfInvoice: (invoiceId) => listPaymentLinks(db, tenantId, invoiceId),
    savePayment: (row) => savePaymentLink(db, tenantId, row),
    async allocationsOf(invoiceId) {
      return (await listAllocations(db, tenantId, { invoiceId })).map((a) => ({ costCentre: a.costCentre, amount: a.amount }));
    },
    addAllocations: (row) =>
      addAllocations(
        db,
        tenantId,
        {
          invoiceId: row.invoiceId,
          invoiceNumber: row.invoiceNumber,
          billPaymentId: row.billPaymentId,
          currency: row.currency,
          paidDate: row.paidDate,
        },
        row.parts,
      ),
    cursor: (side, resource) => getCursor(db, tenantId, side, resource),
    setCursor: (side, resource, value) => setCursor(db, tenantId, side, resource, value),
    clearCursor: (side, resource) => deleteCursors(db, tenantId, side, [resource]),
    async review(supplierId) {
      const r = await findReviewForSupplier(db, tenantId, supplierId);
      return r && { status: r.status };
    },
    async openReview(input) {
      await openReview(db, { tenantId, ...input });
    },
    closeReview: (reviewId, resolution) => resolveReview(db, reviewId, resolution),
    async billReview(invoiceId) {
      const r = await findBillReview(db, tenantId, invoiceId);
      return r && { id: r.id, status: r.status, resolution: r.resolution };
    },
    async openBillReview(input) {
      await openBillReview(db, { tenantId, ...input });
    },
    closeBillReview: (reviewId, resolution) => resolveReview(db, reviewId, resolution),
    async raise(item) {
      await upsertAttention(db, tenantId, attentionInput(item), 'open', 0);
    },
    settle: (record, codes) => resolveAttentionFor(db, tenantId, { recordKind: record.kind, recordId: record.id }, codes),
    async failure(record, budget, describe, sourceUpdatedAt) {
      const before = await findAttention(db, tenantId, { recordKind: record.kind, recordId: record.id, code: 'failing' });
      const attempts = (before && before.status !== 'resolved' ? before.attempts : 0) + 1;
      const status = attempts >= budget ? 'open' : 'retrying';
      await upsertAttention(db, tenantId, attentionInput(describe(attempts)), status, attempts, sourceUpdatedAt ?? null);
      return attempts;
    },
    async givenUp(record) {
      const item = await findAttention(db, tenantId, { recordKind: record.kind, recordId: record.id, code: 'failing' });
      return item?.status === 'open' ? { sourceUpdatedAt: item.sourceUpdatedAt } : undefined;
    },
    lock: (record, fn) => withRecordLock(store, `${tenantId}:${record}`, fn),
    transaction: (fn) => (db === store.db ? withWriteTransaction(store, (tx) => fn(syncStateFor(store, tenantId, tx))) : fn(state)),
  };
  return state;
}
