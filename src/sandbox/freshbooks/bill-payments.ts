/**
 * Bill payments (`bill_payments/bill_payments`). Each one moves its bill's paid / outstanding /
 * status, and — since FreshBooks has no bill_payment webhook — every create, edit or delete
 * fires `bill.update` for that bill (Choice FB-35, docs/api-notes.md).
 */
import { Decimal } from '../../lib/decimal.js';
import { billTotals } from './bill-math.js';
import { getBill } from './bills.js';
import { ERRNO, NotFoundError, ValidationError } from './errors.js';
import { placesUsed } from './money.js';
import type { SearchField, SortField } from './search.js';
import type { AccountData, BillPaymentRecord, BillRecord, SandboxState } from './state.js';
import { BodyReader, present, readVisState, type Json } from './validation.js';

const OBJECT = 'bill_payment';

const PAYMENT_TYPES = [
  'Check',
  'Credit',
  'Cash',
  'Bank Transfer',
  'Credit Card',
  'Debit',
  'PayPal',
  '2Checkout',
  'VISA',
  'MASTERCARD',
  'DISCOVER',
  'AMEX',
  'DINERS',
  'JCB',
  'ACH',
  'Other',
] as const;

export function getPayment(account: AccountData, id: number | undefined): BillPaymentRecord {
  const payment = id === undefined ? undefined : account.payments.get(id);
  if (!payment) throw new NotFoundError(OBJECT, 'billpaymentid', String(id ?? ''));
  return payment;
}

/** How much more the bill can take, not counting `except` (the payment being edited). */
function room(account: AccountData, bill: BillRecord, except?: BillPaymentRecord): Decimal {
  const outstanding = billTotals(account, bill).outstanding;
  return except && except.vis_state !== 1 ? outstanding.add(except.amount) : outstanding;
}

/**
 * Amount rules (Choice FB-36, docs/api-notes.md): positive, at most two decimal places, in the bill's
 * currency (a different code is refused, errno 1004), and never more than the bill still owes
 * (an overpayment is refused, errno 1004).
 */
function checkAmount(r: BodyReader, bill: BillRecord, amount: { amount: Decimal; code: string | undefined }, available: Decimal): void {
  if (!amount.amount.gt(Decimal.ZERO)) r.fail(ERRNO.InvalidValue, 'amount.amount', 'Must be greater than zero.', amount.amount.toString());
  else if (placesUsed(amount.amount) > 2)
    r.fail(ERRNO.InvalidValue, 'amount.amount', 'At most two decimal places.', amount.amount.toString());
  else if (amount.amount.gt(available)) {
    r.fail(
      ERRNO.InvalidValue,
      'amount.amount',
      `The payment exceeds the amount outstanding on the bill (${available.toFixed(2)} ${bill.currency_code}).`,
      amount.amount.toString(),
    );
  }
  if (amount.code !== undefined && amount.code !== bill.currency_code) {
    r.fail(ERRNO.InvalidValue, 'amount.code', `Must match the bill currency ${bill.currency_code}.`, amount.code);
  }
}

function readPaymentType(r: BodyReader, required: boolean): string | undefined {
  const type = r.string('payment_type', { required }) ?? undefined;
  if (type !== undefined && !PAYMENT_TYPES.some((t) => t === type)) {
    r.fail(ERRNO.InvalidValue, 'payment_type', `Must be one of: ${PAYMENT_TYPES.join(', ')}.`, type);
    return;
  }
  return type;
}

/** A payment's bill must exist and not be deleted. */
function payableBill(r: BodyReader, account: AccountData, billid: number | undefined): BillRecord | undefined {
  if (billid === undefined) return undefined;
  const bill = account.bills.get(billid);
  if (!bill) {
    r.fail(ERRNO.UnknownResource, 'billid', 'Bill not found.', String(billid));
    return;
  }
  if (bill.vis_state === 1) {
    r.fail(ERRNO.DeletedResource, 'billid', 'Bill is deleted.', String(billid));
    return;
  }
  return bill;
}

function touch(state: SandboxState, account: AccountData, bill: BillRecord): void {
  bill.updatedAt = state.now();
  state.emit(account.accountId, 'bill.update', bill.id);
}

/** Choice FB-37 (docs/api-notes.md): billid, amount, paid_date and payment_type are required; a stray `bill` key is ignored. */
export function createPayment(state: SandboxState, account: AccountData, data: Json): BillPaymentRecord {
  const r = new BodyReader(OBJECT, data);
  const bill = payableBill(r, account, r.int('billid', { required: true }));
  const amount = r.money('amount', { required: true });
  if (bill && amount) checkAmount(r, bill, amount, room(account, bill));
  const paid_date = r.date('paid_date', { required: true });
  const payment_type = readPaymentType(r, true);
  const note = r.string('note') ?? null;
  r.throwIfErrors();
  const payableTo = present(bill, 'billid');
  const at = state.now();
  const payment: BillPaymentRecord = {
    id: state.nextId('payment'),
    billid: payableTo.id,
    amount: present(amount, 'amount').amount,
    code: payableTo.currency_code,
    paid_date: present(paid_date, 'paid_date'),
    payment_type: present(payment_type, 'payment_type'),
    note,
    vis_state: 0,
    createdAt: at,
    updatedAt: at,
  };
  account.payments.set(payment.id, payment);
  account.index(account.paymentsByBill, payableTo.id, payment.id);
  touch(state, account, payableTo);
  return payment;
}

/**
 * Edit (full or partial body) or vis_state change. Choice FB-38 (docs/api-notes.md): moving a
 * payment to another bill is refused (errno 1004); restoring a deleted payment re-checks overpayment.
 */
export function updatePayment(state: SandboxState, account: AccountData, id: number | undefined, data: Json): BillPaymentRecord {
  const payment = getPayment(account, id);
  const bill = getBill(account, payment.billid);
  const vis = readVisState(data, OBJECT);
  if (vis !== undefined) {
    // A PUT carrying vis_state changes only vis_state; every other field is silently dropped.
    if (vis === payment.vis_state) return payment;
    if (payment.vis_state === 1 && payment.amount.gt(room(account, bill))) {
      throw new ValidationError([
        {
          errno: ERRNO.InvalidValue,
          field: 'vis_state',
          message: 'Restoring this payment would overpay the bill.',
          object: OBJECT,
          value: String(vis),
        },
      ]);
    }
    payment.vis_state = vis;
    payment.updatedAt = state.now();
    touch(state, account, bill);
    return payment;
  }
  if (payment.vis_state === 1) {
    throw new ValidationError([
      {
        errno: ERRNO.DeletedResource,
        field: 'vis_state',
        message: 'The payment is deleted; restore it first.',
        object: OBJECT,
        value: '1',
      },
    ]);
  }
  const r = new BodyReader(OBJECT, data);
  const billid = r.int('billid');
  if (billid !== undefined && billid !== payment.billid)
    r.fail(ERRNO.InvalidValue, 'billid', 'A payment cannot be moved to another bill.', String(billid));
  const amount = r.money('amount', { required: r.has('amount') });
  if (amount) checkAmount(r, bill, amount, room(account, bill, payment));
  const paid_date = r.has('paid_date') ? r.date('paid_date', { required: true }) : payment.paid_date;
  const payment_type = r.has('payment_type') ? readPaymentType(r, true) : payment.payment_type;
  const note = r.has('note') ? (r.string('note') ?? null) : payment.note;
  r.throwIfErrors();
  Object.assign(payment, { paid_date, payment_type, note }, amount ? { amount: amount.amount } : {});
  payment.updatedAt = state.now();
  touch(state, account, bill);
  return payment;
}

export const PAYMENT_SEARCH: SearchField<BillPaymentRecord>[] = [
  { name: 'id', type: 'int', get: (p) => p.id, plural: 'ids' },
  // Choice FB-39 (docs/api-notes.md): undocumented search[billid], offered (equals and billids[] in-list).
  { name: 'billid', type: 'int', get: (p) => p.billid, plural: 'billids' },
  { name: 'payment_type', type: 'string', get: (p) => p.payment_type, plural: 'payment_types' },
  { name: 'vis_state', type: 'int', get: (p) => p.vis_state },
  { name: 'paid_date', type: 'date', get: (p) => p.paid_date, range: true },
  { name: 'updated', type: 'timestamp', get: (p) => p.updatedAt, equals: false, range: true },
];

export const PAYMENT_SORTS: SortField<BillPaymentRecord>[] = [
  { name: 'id', get: (p) => p.id },
  { name: 'paid_date', get: (p) => p.paid_date },
  { name: 'amount', get: (p) => p.amount },
];
