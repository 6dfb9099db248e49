/**
 * What already waits for a person, by the record a reconciliation line is about: open attention
 * items, open reviews, and failed deliveries. A line whose record (or its bill, its payments, or
 * its supplier) waits for a person says so and points at that item instead of suggesting a fix
 * the connector already tried.
 */
export type ActionKind = 'none' | 'fix' | 'replay' | 'review' | 'attention' | 'manual';

export interface LineAction {
  kind: ActionKind;
  text: string;
  /** The command to run, when there is one. */
  command?: string;
}

export interface PeopleInput {
  /** Open attention items (retrying ones are not yet a person's). */
  attention: ReadonlyArray<{ recordKind: string; recordId: string; code: string; message: string; action: string }>;
  /** Open reviews. */
  reviews: ReadonlyArray<{
    id: string;
    kind: 'supplier' | 'bill';
    supplierId: string;
    invoiceId: string | null;
    candidateBillIds: string[];
  }>;
  /** Failed or dead deliveries, newest first. */
  failedDeliveries: ReadonlyArray<{ id: string; source: string; objectType: string; objectId: string }>;
}

interface Person {
  message: string;
  action: LineAction;
}

export interface PersonIndex {
  forInvoice(
    invoice: { id: string; supplierId: string },
    billId: string | undefined,
    payments: ReadonlyArray<{ id: string }>,
  ): Person | undefined;
  forPo(po: { poNumber: string; supplierId: string }, billId: string | undefined): Person | undefined;
  /** Whether a bill is a candidate in an open review (the review's line covers it). */
  inReview(billId: string): boolean;
  /** The newest failed delivery about one of these records (`source:objectType:objectId`). */
  failedDelivery(keys: readonly string[]): string | undefined;
}

export function people(
  input: PeopleInput,
  links: { payments: ReadonlyArray<{ invoiceId: string; billPaymentId: string | null }> },
  tenantId: string,
): PersonIndex {
  const attention = new Map<string, PeopleInput['attention'][number]>();
  for (const item of input.attention) {
    const key = `${item.recordKind}:${item.recordId}`;
    if (!attention.has(key)) attention.set(key, item);
  }
  const listCommand = `ml-connector attention list --tenant ${tenantId}`;
  const fromItem = (item: PeopleInput['attention'][number] | undefined): Person | undefined =>
    item && { message: item.message, action: { kind: 'attention', text: item.action, command: listCommand } };
  const fromReview = (review: PeopleInput['reviews'][number] | undefined): Person | undefined => {
    if (!review) return undefined;
    if (review.kind === 'bill') {
      return {
        message: `Waits in review ${review.id}: FreshBooks may already hold this invoice as a bill keyed by hand (${review.candidateBillIds.join(', ')}).`,
        action: {
          kind: 'review',
          text: `Pick the bill that is this invoice, or have the connector create one.`,
          command: `ml-connector review resolve ${review.id} --link BILL_ID | --create`,
        },
      };
    }
    return {
      message: `Its supplier waits in review ${review.id} (which FreshBooks vendor it is), so its documents wait too.`,
      action: {
        kind: 'review',
        text: 'Pick the supplier’s vendor, or have the connector create one.',
        command: `ml-connector review resolve ${review.id} --link VENDOR_ID | --create`,
      },
    };
  };
  const supplierPerson = (supplierId: string) =>
    fromReview(input.reviews.find((r) => r.kind === 'supplier' && r.supplierId === supplierId)) ??
    fromItem(attention.get(`supplier:${supplierId}`));
  const billPerson = (billId: string | undefined) => (billId === undefined ? undefined : fromItem(attention.get(`bill:${billId}`)));
  const candidates = new Set(input.reviews.flatMap((r) => r.candidateBillIds));
  const deliveries = new Map<string, string>();
  for (const d of input.failedDeliveries) {
    const key = `${d.source}:${d.objectType}:${d.objectId}`;
    if (!deliveries.has(key)) deliveries.set(key, d.id);
  }

  return {
    forInvoice(invoice, billId, payments) {
      const byPrefix = (kind: string, prefix: string) =>
        input.attention.find((i) => i.recordKind === kind && i.recordId.startsWith(prefix));
      const paymentIds = new Set([
        ...payments.map((p) => p.id),
        ...links.payments.filter((l) => l.invoiceId === invoice.id && l.billPaymentId !== null).map((l) => l.billPaymentId),
      ]);
      return (
        fromReview(input.reviews.find((r) => r.kind === 'bill' && r.invoiceId === invoice.id)) ??
        fromItem(attention.get(`invoice:${invoice.id}`) ?? attention.get(`invoice:${invoice.id}/payments`)) ??
        fromItem(byPrefix('coupa-payment', `${invoice.id}:`)) ??
        billPerson(billId) ??
        fromItem(input.attention.find((i) => i.recordKind === 'bill-payment' && paymentIds.has(i.recordId))) ??
        supplierPerson(invoice.supplierId)
      );
    },
    forPo(po, billId) {
      return fromItem(attention.get(`purchase-order:${po.poNumber}`)) ?? billPerson(billId) ?? supplierPerson(po.supplierId);
    },
    inReview: (billId) => candidates.has(billId),
    failedDelivery(keys) {
      for (const key of keys) {
        const id = deliveries.get(key);
        if (id !== undefined) return id;
      }
      return undefined;
    },
  };
}
