/**
 * Bills: `/accounting/account/{accountId}/bills/bills[/{billId}]`, keys `bill` / `bills`.
 * Lines carry `categoryid`, a `quantity` (sent as a decimal string, as FreshBooks returns it)
 * and `unit_cost` as money, and their tax as `tax_name1`/`tax_percent1` (the percent a decimal
 * string, FB-27; both null for a line without tax, Choice FB-59, docs/api-notes.md). Updates
 * never carry vis_state (FreshBooks would apply only that and silently drop the rest); delete
 * is `{"bill": {"vis_state": 1}}` alone.
 */
import type { Bill, BillDraft, BillPayment } from '../../core/records.js';
import { isRecord } from '../json.js';
import type { FreshBooksQuery } from '../../sync/ports.js';
import type { FreshBooksClient } from './client.js';
import { mapPages, pagesOf } from './paging.js';
import { objectOf, parseBill, parseBillPayment, wireId, wireMoney, type Wire } from './parse.js';
import { updatedMinQuery } from './vendors.js';

const PATH = 'bills/bills';

function billBody(draft: BillDraft): { bill: Wire } {
  return {
    bill: {
      vendorid: wireId(draft.vendorId),
      bill_number: draft.billNumber,
      issue_date: draft.issueDate,
      due_offset_days: draft.dueOffsetDays,
      currency_code: draft.currency,
      lines: draft.lines.map((line) => ({
        categoryid: wireId(line.categoryId),
        description: line.description,
        quantity: line.quantity.toString(),
        unit_cost: wireMoney(line.unitCost, draft.currency),
        tax_name1: line.tax ? line.tax.name : null,
        tax_percent1: line.tax ? line.tax.percent.normalize().toString() : null,
      })),
    },
  };
}

export interface BillWithPayments {
  bill: Bill;
  /** Its active payments. */
  payments: BillPayment[];
}

export class BillsResource {
  constructor(private readonly client: FreshBooksClient) {}

  private filters(query: FreshBooksQuery | undefined) {
    return {
      ...updatedMinQuery(query),
      'search[vendorid]': query?.vendorId,
      'search[vis_state]': query?.deleted ? '1' : undefined,
      'search[issue_date_min]': query?.issueDate?.from,
      'search[issue_date_max]': query?.issueDate?.to,
    };
  }

  /** Active and archived bills (not deleted), one page of up to 100 at a time. */
  list(query?: FreshBooksQuery): AsyncIterable<Bill[]> {
    return mapPages(
      pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'bills', this.filters(query)),
      parseBill,
    );
  }

  /**
   * Bills with their active payments, from the `bill_payments` FreshBooks embeds in each bill, so
   * a period's bills and payments come in pages, not one call per bill. A bill sent without that
   * list has its payments read on their own (`forBill`).
   */
  async *listWithPayments(query?: FreshBooksQuery): AsyncIterable<BillWithPayments[]> {
    for await (const page of pagesOf((q) => this.client.accounting('GET', PATH, { query: q }), 'bills', this.filters(query))) {
      const out: BillWithPayments[] = [];
      for (const wire of page) out.push(await this.withPayments(wire));
      yield out;
    }
  }

  /** One bill with its active payments, deleted bills included (FreshBooksNotFoundError when there is no such bill). */
  async getWithPayments(id: string): Promise<BillWithPayments> {
    return this.withPayments(await this.getWire(id));
  }

  private async withPayments(wire: unknown): Promise<BillWithPayments> {
    const bill = parseBill(wire);
    const embedded = isRecord(wire) && Array.isArray(wire.bill_payments) ? wire.bill_payments.map(parseBillPayment) : undefined;
    const payments = embedded ?? (bill.visState === 1 ? [] : await this.client.billPayments.forBill(bill.id));
    return { bill, payments: payments.filter((p) => (p.visState ?? 0) === 0) };
  }

  /** The bill as FreshBooks sends it (with its embedded `bill_payments`). */
  async getWire(id: string): Promise<Wire> {
    return objectOf(await this.client.accounting('GET', `${PATH}/${encodeURIComponent(id)}`), 'bill');
  }

  async get(id: string): Promise<Bill> {
    return parseBill(await this.getWire(id));
  }

  async create(draft: BillDraft): Promise<Bill> {
    return parseBill(objectOf(await this.client.accounting('POST', PATH, { body: billBody(draft) }), 'bill'));
  }

  async update(id: string, draft: BillDraft): Promise<Bill> {
    return parseBill(objectOf(await this.client.accounting('PUT', `${PATH}/${encodeURIComponent(id)}`, { body: billBody(draft) }), 'bill'));
  }

  /** Soft delete: `{"bill": {"vis_state": 1}}` and nothing else. */
  async delete(id: string): Promise<void> {
    await this.client.accounting('PUT', `${PATH}/${encodeURIComponent(id)}`, { body: { bill: { vis_state: 1 } } });
  }
}
