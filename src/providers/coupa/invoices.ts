/**
 * `/api/invoices`: index (paged by id), show, record a payment, mark exported. Reads need
 * core.invoice.read; payments and the export flag need core.invoice.write.
 *
 * Recording a payment (docs/api-notes.md#coupa-the-resources-we-use): Coupa has no payments endpoint and no idempotency
 * key; `PUT /api/invoices/{id}` with `payments: [{amount-paid, payment-date, notes}]` appends.
 * So every try reads the invoice's payments first and writes only when the same payment
 * (amount as a number, date, notes) is not there yet. The PUT itself is retried by the HTTP
 * layer only when the answer proves it was not applied (429, connection refused); after a
 * 5xx, a timeout or a reset the whole read-then-write is tried again, and the read decides.
 */
import { sameCoupaPayment } from '../../core/payments.js';
import { isIsoDate, type CoupaPayment, type CoupaPaymentDraft, type Invoice } from '../../core/records.js';
import type { CoupaQuery } from '../../sync/ports.js';
import { isRecord } from '../json.js';
import { checkId, Collection, filtersOf } from './collection.js';
import { CoupaInputError, CoupaPaymentConflictError, CoupaResponseError } from './errors.js';
import type { CoupaApi } from './http.js';
import { invoicePaidFlag, parseInvoice } from './parse.js';
import { SCOPES } from './scopes.js';

/**
 * Payment writes to one invoice run one at a time in this process (keyed by instance and
 * invoice), so two concurrent calls cannot both read "not there yet" and both write. Across
 * processes the job queue already runs one job per record at a time.
 */
const invoiceLocks = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = invoiceLocks.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(fn);
  const settled = mine.catch(() => undefined);
  invoiceLocks.set(key, settled);
  try {
    return await mine;
  } finally {
    if (invoiceLocks.get(key) === settled) invoiceLocks.delete(key);
  }
}

interface RecordPaymentResult {
  invoice: Invoice;
  /** False when the payment was already on the invoice (nothing written). */
  written: boolean;
}

/**
 * The payment date as Coupa should store it: noon of that day in the instance's own offset
 * (read from the invoice's timestamps). A bare 'YYYY-MM-DD' is read as midnight UTC
 * (docs/api-notes.md#coupa-money-dates-and-ids), which an instance west of UTC shows as the day before; noon local stays on the same
 * calendar day whichever way Coupa reads it, DST included.
 */
export function paymentInstant(date: string, invoiceJson: unknown): string {
  const raw = isRecord(invoiceJson) ? invoiceJson : {};
  const stamp = [raw['updated-at'], raw['created-at']].find((v): v is string => typeof v === 'string');
  const zone = stamp ? /(Z|[+-]\d{2}:?\d{2})$/.exec(stamp.trim())?.[1] : undefined;
  const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return `${date}T12:00:00${offset}`;
}

function describePayment(p: Pick<CoupaPayment, 'amount' | 'date'>): string {
  return `${p.amount.toString()} on ${p.date}`;
}

export class Invoices extends Collection<Invoice> {
  constructor(api: CoupaApi) {
    super(api, { path: '/api/invoices', noun: 'invoice', readScope: SCOPES.invoiceRead, parse: parseInvoice });
  }

  /** Pages in id order; `updatedAfter` → `updated-at[gt]`, `statuses` → `status[in]` (e.g. approved,voided). */
  async *list(query?: CoupaQuery): AsyncIterable<Invoice[]> {
    const { from, to } = query?.invoiceDate ?? {};
    for await (const page of this.pages(filtersOf(query), query?.afterId)) {
      const kept = page.filter((i) => (from === undefined || i.invoiceDate >= from) && (to === undefined || i.invoiceDate <= to));
      if (kept.length > 0) yield kept;
    }
  }

  /** The highest id the query's filters match (for a progress estimate). */
  highest(query?: CoupaQuery): Promise<string | undefined> {
    return this.highestId(filtersOf(query));
  }

  markExported(id: string): Promise<void> {
    return this.putExported(id, SCOPES.invoiceWrite);
  }

  /** Adds the payment unless it is already there; sets `paid` when `markPaid`. Returns the invoice after. */
  async recordPayment(draft: CoupaPaymentDraft, options: { markPaid: boolean }): Promise<RecordPaymentResult> {
    const id = checkId(draft.invoiceId, 'invoice');
    if (!isIsoDate(draft.date))
      throw new CoupaInputError(`'${draft.date}' is not a payment date.`, 'Use a calendar date written YYYY-MM-DD.');
    if (draft.amount.isNegative() || draft.amount.isZero()) {
      throw new CoupaInputError(
        `A Coupa invoice payment must be positive; got ${draft.amount.toString()} for invoice ${id}.`,
        'Reverse a payment in Coupa by hand.',
      );
    }
    const notes = draft.notes.trim();
    const path = `/api/invoices/${id}`;
    return oneAtATime(`${this.api.transport.baseUrl} ${id}`, () => this.writePayment(id, path, draft, notes, options));
  }

  private async writePayment(
    id: string,
    path: string,
    draft: CoupaPaymentDraft,
    notes: string,
    options: { markPaid: boolean },
  ): Promise<RecordPaymentResult> {
    return this.api.transport.retrying({ method: 'PUT', path }, 'all', async () => {
      const before = await this.getRaw(id);
      const invoice = parseInvoice(before);
      const already = sameCoupaPayment(invoice.payments, draft);
      if (already) {
        if (!options.markPaid || invoicePaidFlag(before)) return { invoice, written: false };
        // The payment landed earlier without `paid` (asked for now): only the flag, idempotent.
        const after = await this.api.call({ method: 'PUT', path, body: { paid: true }, scope: SCOPES.invoiceWrite, what: `invoice ${id}` });
        return { invoice: after === undefined ? ((await this.get(id)) ?? invoice) : parseInvoice(after), written: false };
      }
      const clash = notes !== '' ? invoice.payments.find((p) => (p.notes ?? '').trim() === notes) : undefined;
      if (clash) throw new CoupaPaymentConflictError(id, notes, describePayment(clash), describePayment(draft));
      const body: Record<string, unknown> = {
        payments: [{ 'amount-paid': draft.amount.toString(), 'payment-date': paymentInstant(draft.date, before), notes }],
        ...(options.markPaid ? { paid: true } : {}),
      };
      const answer = await this.api.call({ method: 'PUT', path, body, scope: SCOPES.invoiceWrite, what: `invoice ${id}`, retry: 'unsent' });
      let after = answer === undefined ? undefined : parseInvoice(answer);
      if (!after || !sameCoupaPayment(after.payments, draft)) after = parseInvoice(await this.getRaw(id));
      if (!sameCoupaPayment(after.payments, draft)) {
        throw new CoupaResponseError(
          `invoice ${id} after the payment was sent`,
          `the payment ${describePayment(draft)} ('${notes}') is not among its payments`,
        );
      }
      return { invoice: after, written: true };
    });
  }
}
