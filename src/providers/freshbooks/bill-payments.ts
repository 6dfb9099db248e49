/**
 * Bill payments: `/accounting/account/{accountId}/bill_payments/bill_payments[/{id}]`, keys
 * `bill_payment` / `bill_payments`. The payments of one bill are read from the bill's embedded
 * `bill_payments` (captured in real responses), because `search[billid]` is not documented;
 * when a bill comes without that list, every payment is scanned and filtered by billid.
 */
import type { BillPayment, BillPaymentDraft } from '../../core/records.js';
import type { FreshBooksClient } from './client.js';
import { mapPages, pagesOf } from './paging.js';
import { objectOf, parseBillPayment, wireId, wireMoney, type Wire } from './parse.js';

const PATH = 'bill_payments/bill_payments';

function billPaymentBody(draft: BillPaymentDraft): { bill_payment: Wire } {
  return {
    bill_payment: {
      billid: wireId(draft.billId),
      amount: wireMoney(draft.amount, draft.currency),
      paid_date: draft.paidDate,
      payment_type: draft.paymentType,
      note: draft.note,
    },
  };
}

export class BillPaymentsResource {
  constructor(private readonly client: FreshBooksClient) {}

  /** Active and archived payments of every bill, one page of up to 100 at a time. */
  list(): AsyncIterable<BillPayment[]> {
    return mapPages(
      pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'bill_payments'),
      parseBillPayment,
    );
  }

  async get(id: string): Promise<BillPayment> {
    return parseBillPayment(objectOf(await this.client.accounting('GET', `${PATH}/${encodeURIComponent(id)}`), 'bill_payment'));
  }

  /** The active payments of one bill (vis_state 0). */
  async forBill(billId: string): Promise<BillPayment[]> {
    const bill = await this.client.bills.getWire(billId);
    let payments: BillPayment[];
    if (Array.isArray(bill.bill_payments)) {
      payments = bill.bill_payments.map(parseBillPayment);
    } else {
      payments = [];
      for await (const page of this.list()) payments.push(...page.filter((p) => p.billId === billId));
    }
    return payments.filter((p) => (p.visState ?? 0) === 0);
  }

  async create(draft: BillPaymentDraft): Promise<BillPayment> {
    return parseBillPayment(objectOf(await this.client.accounting('POST', PATH, { body: billPaymentBody(draft) }), 'bill_payment'));
  }

  /** Soft delete: `{"bill_payment": {"vis_state": 1}}` alone. */
  async delete(id: string): Promise<void> {
    await this.client.accounting('PUT', `${PATH}/${encodeURIComponent(id)}`, { body: { bill_payment: { vis_state: 1 } } });
  }
}
