/**
 * The cases that need a person, each named with the record it is about, what is wrong, and
 * what to do. The engine raises them (and clears them once the record syncs again); the CLI,
 * the API and the sync report show them. The wording lives here so every edge says the same.
 */

export type AttentionRecordKind = 'supplier' | 'purchase-order' | 'invoice' | 'bill' | 'bill-payment' | 'coupa-payment';

export interface AttentionRecord {
  kind: AttentionRecordKind;
  /** Coupa id (invoice, PO number, supplier) or FreshBooks id (bill, bill payment). */
  id: string;
  /** How a person finds it: "invoice INV-10 (Acme Industrial)". */
  label: string;
}

export type AttentionCode =
  | 'credit-note'
  | 'non-positive-total'
  | 'disputed'
  | 'voided-bill-paid'
  | 'po-bill-paid-not-open'
  | 'po-bill-overpaid'
  | 'paid-bill-changed'
  | 'bill-deleted'
  | 'tagged-bill-differs'
  | 'adopted-bill-differs'
  | 'currency-mismatch'
  | 'payment-deleted-in-freshbooks'
  | 'payment-reversal-unmatched'
  | 'payment-differs'
  | 'failing';

export interface AttentionItem {
  code: AttentionCode;
  record: AttentionRecord;
  message: string;
  action: string;
}

const item = (code: AttentionCode, record: AttentionRecord, message: string, action: string): AttentionItem => ({
  code,
  record,
  message,
  action,
});

export const attention = {
  creditNote: (r: AttentionRecord, total: string) =>
    item(
      'credit-note',
      r,
      `${r.label} is a credit note of ${total}; the connector writes no bill for it.`,
      'Record it in FreshBooks by hand (a vendor credit, or a negative line on the bill it corrects).',
    ),
  nonPositiveTotal: (r: AttentionRecord, total: string) =>
    item(
      'non-positive-total',
      r,
      `${r.label} totals ${total}, so there is nothing to bill.`,
      'Check the invoice in Coupa; if it is a correction, record it in FreshBooks by hand.',
    ),
  disputed: (r: AttentionRecord, billId: string | undefined) =>
    item(
      'disputed',
      r,
      billId
        ? `${r.label} is disputed in Coupa; its FreshBooks bill ${billId} is kept as it is until the dispute ends.`
        : `${r.label} is disputed in Coupa; no bill is written until it is approved.`,
      'Resolve the dispute in Coupa; the bill follows on the next sync (voided: it is removed; approved: it is updated).',
    ),
  voidedBillPaid: (r: AttentionRecord, billId: string, paid: string) =>
    item(
      'voided-bill-paid',
      r,
      `${r.label} was voided in Coupa, but its FreshBooks bill ${billId} has ${paid} paid, so the connector does not delete it.`,
      `Reverse or move the payments on bill ${billId} in FreshBooks, then delete the bill.`,
    ),
  poBillPaidNotOpen: (r: AttentionRecord, billId: string, paid: string, why: string) =>
    item(
      'po-bill-paid-not-open',
      r,
      `${r.label} has no open commitment left (${why}), but its FreshBooks bill ${billId} has ${paid} paid, so it is kept.`,
      `Move the payments on bill ${billId} to the bill of the invoice they settle (or refund them), then delete the bill.`,
    ),
  poBillOverpaid: (r: AttentionRecord, billId: string, paid: string, open: string) =>
    item(
      'po-bill-overpaid',
      r,
      `${r.label} has ${open} still open, but ${paid} was already paid on its FreshBooks bill ${billId}; the bill cannot shrink below what was paid.`,
      `Move the excess payment on bill ${billId} to the bill of the invoice it settles; the connector then updates the bill.`,
    ),
  paidBillChanged: (r: AttentionRecord, billId: string) =>
    item(
      'paid-bill-changed',
      r,
      `${r.label} changed in Coupa after its FreshBooks bill ${billId} was paid (in part); the connector does not rewrite a bill money has moved against.`,
      `Compare the invoice with bill ${billId} and correct the bill by hand (or reverse the payment first and sync again).`,
    ),
  billDeleted: (r: AttentionRecord, billId: string) =>
    item(
      'bill-deleted',
      r,
      `The FreshBooks bill ${billId} of ${r.label} was deleted in FreshBooks, but the record still needs a bill.`,
      'Restore the bill in FreshBooks, or let the connector write a new one: `ml-connector attention resolve ID --retry` (or set `tenant settings T --deleted-bills recreate`).',
    ),
  taggedBillDiffers: (r: AttentionRecord, billId: string, why: string) =>
    item(
      'tagged-bill-differs',
      r,
      `FreshBooks bill ${billId} carries the tag of ${r.label} but ${why}, so it was not adopted and no second bill was written.`,
      `Check bill ${billId}: if it is this record's, correct it to match and run \`ml-connector attention resolve ID --retry\`; if not, change its bill number.`,
    ),
  adoptedBillDiffers: (r: AttentionRecord, invoice: string, differences: string) =>
    item(
      'adopted-bill-differs',
      r,
      `${r.label} was keyed by hand for Coupa ${invoice} and is now its bill, kept as typed: ${differences}.`,
      `Correct the bill in FreshBooks, or the invoice in Coupa, whichever is wrong (the connector does not overwrite a bill a person keyed); then \`ml-connector attention resolve ID\`.`,
    ),
  currencyMismatch: (r: AttentionRecord, currency: string, currencies: readonly string[]) =>
    item(
      'currency-mismatch',
      r,
      `${r.label} is in ${currency}, but the FreshBooks business keeps its books in ${currencies.join(', ')}; nothing was written, since amounts are never converted.`,
      `Enable ${currency} in FreshBooks and add it with \`ml-connector tenant settings T --currencies ${[...currencies, currency].join(',')}\`, then run \`ml-connector attention resolve ID --retry\`.`,
    ),
  paymentDeletedInFreshBooks: (r: AttentionRecord, invoice: string, amount: string) =>
    item(
      'payment-deleted-in-freshbooks',
      r,
      `${r.label} (${amount}) was deleted in FreshBooks after the connector recorded it on Coupa ${invoice}; Coupa's API cannot remove a payment.`,
      `Reverse the payment on ${invoice} in Coupa by hand (a negative payment), or re-enter it in FreshBooks if it was deleted by mistake.`,
    ),
  paymentReversalUnmatched: (r: AttentionRecord, amount: string) =>
    item(
      'payment-reversal-unmatched',
      r,
      `${r.label} is a reversal of ${amount} with no payment of that amount on the FreshBooks bill to reverse.`,
      'Find the payment it reverses and delete it in FreshBooks by hand.',
    ),
  paymentDiffers: (r: AttentionRecord, detail: string) =>
    item('payment-differs', r, `${r.label}: ${detail}`, 'Compare both sides and correct the one that is wrong by hand.'),
  failing: (r: AttentionRecord, attempts: number, reason: string) =>
    item(
      'failing',
      r,
      `${r.label} failed ${attempts} times in a row: ${reason}`,
      'Fix the cause named above, then run `ml-connector attention resolve ID --retry` (or change the record; it is synced again when it changes).',
    ),
};
