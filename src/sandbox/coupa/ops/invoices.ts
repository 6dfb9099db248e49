/**
 * Invoices: created with or without purchase-order lines (partial or complete), approved,
 * voided, and marked exported. PO-backed lines keep their order line's `invoiced` up to date.
 */
import { Decimal } from '../../../lib/decimal.js';
import { mustGet } from '../../guards.js';
import { CoupaApiError } from '../errors.js';
import { invoiceTotals } from '../invoice-totals.js';
import { checkPrecision, formatMoney, formatQuantity, readDecimal } from '../money.js';
import { referenceMessage, type CoupaState } from '../state.js';
import { parseCoupaTime } from '../time.js';
import type {
  CurrencyRecord,
  CustomFields,
  InvoiceLineRecord,
  InvoiceRecord,
  InvoiceStatus,
  OrderLineRecord,
  PurchaseOrderRecord,
} from '../types.js';
import { actorId, changeTime, emit, type OpOptions } from './context.js';
import { buildAllocations, type AllocationInput } from './invoice-allocations.js';
import { checkDiscount, headerCharges, type ChargeInput } from './invoice-charges.js';
import { resolveSupplierId } from './purchase-orders.js';

export interface InvoiceLineInput {
  /** Match this order line (of any PO of the supplier)… */
  orderLineId?: number;
  /** …or this line number of the invoice's purchase order. */
  poLineNum?: string;
  description?: string;
  /** A quantity line when given (or when its order line is one). */
  quantity?: string | null;
  /** Unit price on a quantity line, the amount on an amount line. */
  price?: string;
  uom?: string;
  accountCode?: string;
  /** Split coding: parts by pct or by amount, each on an account. */
  accountAllocations?: AllocationInput[];
}

export interface InvoiceInput extends ChargeInput {
  supplierId?: number;
  supplierNumber?: string;
  invoiceNumber: string;
  invoiceDate?: string;
  currency?: string;
  paymentTerm?: string;
  status?: 'draft' | 'pending_receipt' | 'pending_approval' | 'approved';
  purchaseOrderId?: number;
  poNumber?: string;
  /** Without lines, an invoice against a PO bills everything not invoiced yet. */
  lines?: InvoiceLineInput[];
  documentType?: 'Invoice' | 'Credit Note';
  customFields?: CustomFields;
}

const KEY = 'invoice' as const;

function findPo(state: CoupaState, input: InvoiceInput): PurchaseOrderRecord | undefined {
  if (input.purchaseOrderId !== undefined) {
    const po = state.purchaseOrders.get(input.purchaseOrderId);
    if (!po) throw CoupaApiError.invalid(KEY, referenceMessage('OrderHeader', 'order_header', 'id', String(input.purchaseOrderId)));
    return po;
  }
  if (input.poNumber !== undefined) {
    const po = state.findPurchaseOrderByNumber(input.poNumber);
    if (!po) throw CoupaApiError.invalid(KEY, referenceMessage('OrderHeader', 'order_header', 'po_number', input.poNumber));
    return po;
  }
  return undefined;
}

function remaining(ol: OrderLineRecord): Decimal {
  const whole = Decimal.parse(ol.quantity ?? ol.total);
  const left = whole.sub(Decimal.parse(ol.invoiced));
  return left.gt(Decimal.ZERO) ? left : whole;
}

function openLines(po: PurchaseOrderRecord): OrderLineRecord[] {
  return po.lines.filter((l) => Decimal.parse(l.quantity ?? l.total).gt(Decimal.parse(l.invoiced)));
}

function buildLine(
  state: CoupaState,
  invoiceId: number,
  lineNum: number,
  input: InvoiceLineInput,
  po: PurchaseOrderRecord | undefined,
  supplierId: number,
  currency: CurrencyRecord,
  at: number,
): InvoiceLineRecord {
  const label = `Line ${lineNum}`;
  let ol: OrderLineRecord | undefined;
  if (input.orderLineId !== undefined) {
    ol = state.orderLines.get(input.orderLineId);
    if (!ol) throw CoupaApiError.invalid(KEY, `${label}: ${referenceMessage('OrderLine', 'order_line', 'id', String(input.orderLineId))}`);
  } else if (input.poLineNum !== undefined) {
    if (!po)
      throw CoupaApiError.invalid(KEY, `${label}: a PO line number needs the invoice's purchase order (poNumber or purchaseOrderId)`);
    ol = po.lines.find((l) => l.lineNum === input.poLineNum);
    if (!ol) throw CoupaApiError.invalid(KEY, `${label}: purchase order ${po.poNumber} has no line ${input.poLineNum}`);
  }
  if (ol) {
    const header = mustGet(state.purchaseOrders, ol.orderHeaderId, 'purchase order');
    if (header.supplierId !== supplierId)
      throw CoupaApiError.invalid(KEY, `${label}: the order line belongs to another supplier's purchase order`);
    if (header.status !== 'issued')
      throw CoupaApiError.invalid(KEY, `${label}: purchase order ${header.poNumber} is ${header.status}, not issued`);
  }
  const description = input.description ?? ol?.description;
  if (!description) throw CoupaApiError.invalid(KEY, `${label}: Description can't be blank`);
  const isQuantity = ol ? ol.type === 'OrderQuantityLine' : input.quantity !== undefined && input.quantity !== null;
  let quantity: Decimal | null = null;
  let price: Decimal;
  if (isQuantity) {
    quantity = input.quantity != null ? readDecimal(input.quantity, KEY, `${label}: Quantity`) : ol ? remaining(ol) : null;
    if (!quantity || !quantity.gt(Decimal.ZERO)) throw CoupaApiError.invalid(KEY, `${label}: Quantity must be greater than 0`);
    const rawPrice = input.price ?? ol?.price;
    if (rawPrice === undefined) throw CoupaApiError.invalid(KEY, `${label}: Price can't be blank`);
    price = readDecimal(rawPrice, KEY, `${label}: Price`);
  } else {
    const rawPrice = input.price ?? (ol ? remaining(ol).toString() : undefined);
    if (rawPrice === undefined) throw CoupaApiError.invalid(KEY, `${label}: Price can't be blank`);
    price = readDecimal(rawPrice, KEY, `${label}: Price`);
  }
  price = checkPrecision(price, currency.decimals, KEY, `${label}: Price`);
  const uom = input.uom
    ? state.uomByCode(input.uom, KEY)
    : ol?.uomId != null
      ? state.uoms.get(ol.uomId)
      : isQuantity
        ? state.uomByCode('EA', KEY)
        : undefined;
  const total = quantity ? quantity.mul(price) : price;
  const allocations = buildAllocations(state, input.accountAllocations, total.round(currency.decimals, 'half-up'), currency, label);
  // Choice CP-49 (docs/api-notes.md): a split line without an account of its own shows its first part's.
  const accountId = input.accountCode
    ? state.accountByCodeOrFail(input.accountCode, KEY).id
    : (ol?.accountId ?? allocations[0]?.accountId ?? null);
  return {
    id: state.nextId('invoice_line'),
    invoiceHeaderId: invoiceId,
    lineNum,
    type: isQuantity ? 'InvoiceQuantityLine' : 'InvoiceAmountLine',
    description,
    quantity: quantity ? formatQuantity(quantity) : null,
    price: formatMoney(price, currency.decimals),
    total: formatMoney(total, currency.decimals),
    uomId: uom?.id ?? null,
    accountId,
    orderLineId: ol?.id ?? null,
    status: ol ? 'matched' : 'unmatched',
    allocations,
    createdAt: at,
    updatedAt: at,
  };
}

/** Adds (or with sign -1 removes) an invoice's lines to their order lines' `invoiced`. */
function trackInvoiced(state: CoupaState, invoice: InvoiceRecord, sign: 1 | -1): void {
  for (const line of invoice.lines) {
    if (line.orderLineId === null) continue;
    const ol = state.orderLines.get(line.orderLineId);
    if (!ol) continue;
    const delta = Decimal.parse(line.quantity ?? line.total);
    const next = Decimal.parse(ol.invoiced).add(sign === 1 ? delta : delta.neg());
    ol.invoiced = formatQuantity(next.isNegative() ? Decimal.ZERO : next);
  }
}

export function createInvoice(state: CoupaState, input: InvoiceInput, opts: OpOptions = {}): InvoiceRecord {
  const po = findPo(state, input);
  const supplierId =
    input.supplierId !== undefined || input.supplierNumber !== undefined ? resolveSupplierId(state, input, KEY) : po?.supplierId;
  if (supplierId === undefined) throw CoupaApiError.invalid(KEY, "Supplier can't be blank");
  if (po && po.supplierId !== supplierId) throw CoupaApiError.invalid(KEY, "Supplier must be the purchase order's supplier");
  const number = input.invoiceNumber.trim();
  if (number === '') throw CoupaApiError.invalid(KEY, "Invoice number can't be blank");
  if (number.length > 40) throw CoupaApiError.invalid(KEY, 'Invoice number is too long (maximum is 40 characters)');
  if (state.findInvoice(supplierId, number)) throw CoupaApiError.invalid(KEY, 'Invoice number has already been used for this supplier');
  const currencyCode = input.currency ?? (po ? mustGet(state.currencies, po.currencyId, 'currency').code : undefined);
  if (!currencyCode) throw CoupaApiError.invalid(KEY, "Currency can't be blank");
  const currency = state.currencyByCode(currencyCode, KEY);
  if (po && po.currencyId !== currency.id) throw CoupaApiError.invalid(KEY, "Currency must match the purchase order's currency");
  const supplier = mustGet(state.suppliers, supplierId, 'supplier');
  const paymentTermId = input.paymentTerm
    ? state.paymentTermByCode(input.paymentTerm, KEY).id
    : (po?.paymentTermId ?? supplier.paymentTermId);
  const lineInputs = input.lines ?? (po ? openLines(po).map((l) => ({ orderLineId: l.id })) : []);
  if (lineInputs.length === 0) {
    throw CoupaApiError.invalid(
      KEY,
      po && !input.lines ? `Purchase order ${po.poNumber} is fully invoiced` : "Invoice lines can't be blank",
    );
  }
  const at = changeTime(state, opts);
  const id = state.nextId('invoice');
  // Accounts that split coding created go again if the invoice is refused.
  const invoice = state.keepingAccountsOnSuccess(() => {
    const lines = lineInputs.map((l, i) => buildLine(state, id, i + 1, l, po, supplierId, currency, at));
    const built: InvoiceRecord = {
      id,
      invoiceNumber: number,
      invoiceDate: input.invoiceDate ? parseCoupaTime(input.invoiceDate, 'invoice-date', KEY) : at,
      status: input.status ?? 'pending_approval',
      documentType: input.documentType ?? 'Invoice',
      supplierId,
      currencyId: currency.id,
      paymentTermId,
      ...headerCharges(state, input, currency),
      lines,
      exported: false,
      lastExportedAt: null,
      paid: false,
      paymentDate: null,
      paymentNotes: null,
      payments: [],
      customFields: { ...(input.customFields ?? {}) },
      createdAt: at,
      updatedAt: at,
      createdById: actorId(opts),
      updatedById: actorId(opts),
    };
    checkDiscount(built, invoiceTotals(built).grossTotal);
    return built;
  });
  trackInvoiced(state, invoice, 1);
  state.putInvoice(invoice);
  emit(state, opts, 'invoice.created', invoice.id);
  return invoice;
}

export function getInvoice(state: CoupaState, id: number): InvoiceRecord {
  const invoice = state.invoices.get(id);
  if (!invoice) throw CoupaApiError.notFound();
  return invoice;
}

export function touchInvoice(
  state: CoupaState,
  invoice: InvoiceRecord,
  opts: OpOptions,
  type: 'invoice.updated' | 'invoice.paid' = 'invoice.updated',
): void {
  invoice.updatedAt = changeTime(state, opts);
  invoice.updatedById = actorId(opts);
  emit(state, opts, type, invoice.id);
}

// Choice CP-42 (docs/api-notes.md): a disputed invoice the supplier corrected comes back for approval.
const APPROVABLE: InvoiceStatus[] = ['draft', 'new', 'pending_receipt', 'pending_approval', 'on_hold', 'disputed'];
const DISPUTABLE: InvoiceStatus[] = ['pending_receipt', 'pending_approval', 'approved', 'on_hold'];
// Coupa lets a buyer void invoices that are draft, pending receipt or approved.
const VOIDABLE: InvoiceStatus[] = ['draft', 'pending_receipt', 'approved'];

export function approveInvoice(state: CoupaState, id: number, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  if (!APPROVABLE.includes(invoice.status))
    throw CoupaApiError.invalid(KEY, `Invoice ${invoice.invoiceNumber} cannot be approved while ${invoice.status}`);
  invoice.status = 'approved';
  touchInvoice(state, invoice, opts);
  return invoice;
}

/** A buyer disputes the invoice with the supplier (in Coupa's UI); it waits for the supplier's answer. */
export function disputeInvoice(state: CoupaState, id: number, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  if (!DISPUTABLE.includes(invoice.status))
    throw CoupaApiError.invalid(KEY, `Invoice ${invoice.invoiceNumber} cannot be disputed while ${invoice.status}`);
  invoice.status = 'disputed';
  touchInvoice(state, invoice, opts);
  return invoice;
}

export function voidInvoice(state: CoupaState, id: number, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  if (!VOIDABLE.includes(invoice.status))
    throw CoupaApiError.invalid(KEY, `Invoice ${invoice.invoiceNumber} cannot be voided while ${invoice.status}`);
  // Choice CP-37 (docs/api-notes.md): an invoice with payments cannot be voided.
  if (invoice.payments.length > 0) throw CoupaApiError.invalid(KEY, `Invoice ${invoice.invoiceNumber} has payments and cannot be voided`);
  invoice.status = 'voided';
  trackInvoiced(state, invoice, -1);
  // Exported is left alone: per Coupa's notes only the export call (or a PO version) changes it.
  touchInvoice(state, invoice, opts);
  return invoice;
}

/** `PUT …?exported=true|false`: only the flag (and last-exported-at) change. */
export function setInvoiceExported(state: CoupaState, id: number, exported: boolean, opts: OpOptions = {}): InvoiceRecord {
  const invoice = getInvoice(state, id);
  const at = changeTime(state, opts);
  invoice.exported = exported;
  if (exported) invoice.lastExportedAt = at;
  // Choice CP-35 (docs/api-notes.md): marking exported moves updated-at but sends no push.
  invoice.updatedAt = at;
  invoice.updatedById = actorId(opts);
  return invoice;
}
