/**
 * Purchase orders through their life: created (draft or issued), issued, revised (a change
 * re-sent to the supplier: `version` goes up and `exported` goes back to false), cancelled,
 * closed, reopened, and marked exported by an integration.
 */
import { Decimal } from '../../../lib/decimal.js';
import { mustGet } from '../../guards.js';
import { CoupaApiError } from '../errors.js';
import { checkPrecision, formatMoney, formatQuantity, readDecimal } from '../money.js';
import type { CoupaState } from '../state.js';
import { parseCoupaTime } from '../time.js';
import type { CurrencyRecord, CustomFields, OrderLineRecord, PurchaseOrderRecord, PurchaseOrderStatus } from '../types.js';
import { actorId, changeTime, emit, type OpOptions } from './context.js';

export interface OrderLineInput {
  /** On a revision: the existing line this entry replaces (kept: same id and number). */
  lineNum?: string;
  description: string;
  /** Present (not null) → a quantity line; absent → an amount line. */
  quantity?: string | null;
  /** Unit price on a quantity line, the amount on an amount line. */
  price: string;
  uom?: string;
  accountCode?: string;
  needBy?: string;
  sourcePartNum?: string | null;
}

export interface PurchaseOrderInput {
  supplierId?: number;
  supplierNumber?: string;
  /** Default: the id, as Coupa numbers its own POs. */
  poNumber?: string;
  currency: string;
  paymentTerm?: string;
  status?: 'draft' | 'issued';
  shipToAttention?: string | null;
  lines: OrderLineInput[];
  customFields?: CustomFields;
}

export interface RevisionInput {
  lines: OrderLineInput[];
  shipToAttention?: string | null;
}

const KEY = 'purchase_order' as const;

export function resolveSupplierId(
  state: CoupaState,
  input: { supplierId?: number; supplierNumber?: string },
  key: 'purchase_order' | 'invoice',
): number {
  if (input.supplierId !== undefined) return state.supplierOrFail(input.supplierId, key).id;
  if (input.supplierNumber !== undefined) {
    const s = state.findSupplierByNumber(input.supplierNumber);
    if (!s)
      throw CoupaApiError.invalid(
        key,
        `Unable to find valid Supplier record for supplier with keys {"number"=>"${input.supplierNumber}"}. Possible keys are ["id", "name", "number"]. Please verify your json.`,
      );
    return s.id;
  }
  throw CoupaApiError.invalid(key, "Supplier can't be blank");
}

function buildLine(
  state: CoupaState,
  poId: number,
  input: OrderLineInput,
  lineNum: string,
  currency: CurrencyRecord,
  at: number,
  existing?: OrderLineRecord,
): OrderLineRecord {
  if (!input.description || input.description.trim() === '')
    throw CoupaApiError.invalid(KEY, `Line ${lineNum}: Description can't be blank`);
  const price = checkPrecision(readDecimal(input.price, KEY, `Line ${lineNum}: Price`), currency.decimals, KEY, `Line ${lineNum}: Price`);
  if (price.isNegative()) throw CoupaApiError.invalid(KEY, `Line ${lineNum}: Price must be greater than or equal to 0`);
  const isQuantity = input.quantity !== undefined && input.quantity !== null;
  let quantity: Decimal | null = null;
  if (isQuantity) {
    quantity = readDecimal(input.quantity, KEY, `Line ${lineNum}: Quantity`);
    if (!quantity.gt(Decimal.ZERO)) throw CoupaApiError.invalid(KEY, `Line ${lineNum}: Quantity must be greater than 0`);
  }
  const total = quantity ? quantity.mul(price) : price;
  const uom = input.uom ? state.uomByCode(input.uom, KEY) : isQuantity ? state.uomByCode('EA', KEY) : null;
  const account = input.accountCode ? state.accountByCodeOrFail(input.accountCode, KEY) : null;
  return {
    id: existing?.id ?? state.nextId('order_line'),
    orderHeaderId: poId,
    lineNum,
    type: isQuantity ? 'OrderQuantityLine' : 'OrderAmountLine',
    description: input.description.trim(),
    quantity: quantity ? formatQuantity(quantity) : null,
    price: formatMoney(price, currency.decimals),
    total: formatMoney(total, currency.decimals),
    uomId: uom?.id ?? null,
    accountId: account?.id ?? null,
    needByDate: input.needBy ? parseCoupaTime(input.needBy, 'need-by-date', KEY) : null,
    received: existing?.received ?? '0.0',
    invoiced: existing?.invoiced ?? '0.0',
    sourcePartNum: input.sourcePartNum ?? null,
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
    customFields: existing?.customFields ?? {},
  };
}

export function createPurchaseOrder(state: CoupaState, input: PurchaseOrderInput, opts: OpOptions = {}): PurchaseOrderRecord {
  const supplierId = resolveSupplierId(state, input, KEY);
  const supplier = mustGet(state.suppliers, supplierId, 'supplier');
  // Choice CP-33 (docs/api-notes.md): no orders to suppliers that are not active.
  if (supplier.status !== 'active') throw CoupaApiError.invalid(KEY, `Supplier ${supplier.name} is not active`);
  const currency = state.currencyByCode(input.currency, KEY);
  const paymentTermId = input.paymentTerm ? state.paymentTermByCode(input.paymentTerm, KEY).id : supplier.paymentTermId;
  if (input.lines.length === 0) throw CoupaApiError.invalid(KEY, 'Order lines must have at least one line');
  if (input.poNumber !== undefined) {
    if (input.poNumber.length > 20) throw CoupaApiError.invalid(KEY, 'PO number is too long (maximum is 20 characters)');
    if (state.findPurchaseOrderByNumber(input.poNumber)) throw CoupaApiError.invalid(KEY, 'PO number has already been taken');
  }
  const at = changeTime(state, opts);
  const id = state.nextId('purchase_order');
  const lines = input.lines.map((l, i) => buildLine(state, id, l, String(i + 1), currency, at));
  const issued = input.status === 'issued';
  const po: PurchaseOrderRecord = {
    id,
    poNumber: input.poNumber ?? String(id),
    status: issued ? 'issued' : 'draft',
    version: 1,
    internalRevision: 1,
    exported: false,
    lastExportedAt: null,
    createdAt: at,
    updatedAt: at,
    createdById: actorId(opts),
    updatedById: actorId(opts),
    supplierId,
    currencyId: currency.id,
    paymentTermId,
    shipToAttention: input.shipToAttention ?? null,
    transmissionStatus: issued ? 'sent_via_email' : 'not_transmitted',
    lines,
    customFields: { ...(input.customFields ?? {}) },
  };
  state.putPurchaseOrder(po);
  emit(state, opts, 'purchase_order.created', po.id);
  return po;
}

function getPo(state: CoupaState, id: number): PurchaseOrderRecord {
  const po = state.purchaseOrders.get(id);
  if (!po) throw CoupaApiError.notFound();
  return po;
}

function touch(state: CoupaState, po: PurchaseOrderRecord, opts: OpOptions): void {
  po.updatedAt = changeTime(state, opts);
  po.updatedById = actorId(opts);
  emit(state, opts, 'purchase_order.updated', po.id);
}

function transition(
  state: CoupaState,
  id: number,
  from: PurchaseOrderStatus[],
  to: PurchaseOrderStatus,
  verb: string,
  opts: OpOptions,
): PurchaseOrderRecord {
  const po = getPo(state, id);
  if (!from.includes(po.status)) throw CoupaApiError.invalid(KEY, `Purchase order ${po.poNumber} cannot be ${verb} while ${po.status}`);
  const wasIssued = po.status === 'issued';
  po.status = to;
  if (to === 'issued') po.transmissionStatus = 'sent_via_email';
  // Choice CP-34 (docs/api-notes.md): cancelling an issued PO is a revision (version + 1, not exported); closing is not.
  if (to === 'cancelled' && wasIssued) {
    po.version += 1;
    po.exported = false;
  }
  touch(state, po, opts);
  return po;
}

export const issuePurchaseOrder = (state: CoupaState, id: number, opts: OpOptions = {}) =>
  transition(state, id, ['draft', 'buyer_hold'], 'issued', 'issued', opts);
export const cancelPurchaseOrder = (state: CoupaState, id: number, opts: OpOptions = {}) =>
  transition(state, id, ['draft', 'buyer_hold', 'issued'], 'cancelled', 'cancelled', opts);
export const closePurchaseOrder = (state: CoupaState, id: number, opts: OpOptions = {}) =>
  transition(state, id, ['issued', 'soft_closed'], 'closed', 'closed', opts);
export const reopenPurchaseOrder = (state: CoupaState, id: number, opts: OpOptions = {}) =>
  transition(state, id, ['closed', 'soft_closed'], 'issued', 'reopened', opts);

/**
 * A change order: the lines become `input.lines` (entries with the `lineNum` of an existing
 * line keep that line's id; lines not listed are removed). An issued PO gets a new version,
 * which resets `exported` to false; a draft is simply edited.
 */
export function revisePurchaseOrder(state: CoupaState, id: number, input: RevisionInput, opts: OpOptions = {}): PurchaseOrderRecord {
  const po = getPo(state, id);
  if (po.status !== 'issued' && po.status !== 'draft')
    throw CoupaApiError.invalid(KEY, `Purchase order ${po.poNumber} cannot be changed while ${po.status}`);
  if (input.lines.length === 0) throw CoupaApiError.invalid(KEY, 'Order lines must have at least one line');
  const currency = mustGet(state.currencies, po.currencyId, 'currency');
  const at = changeTime(state, opts);
  const byNum = new Map(po.lines.map((l) => [l.lineNum, l]));
  let next = Math.max(0, ...po.lines.map((l) => Number(l.lineNum) || 0)) + 1;
  const lines = input.lines.map((l) => {
    const existing = l.lineNum !== undefined ? byNum.get(l.lineNum) : undefined;
    if (l.lineNum !== undefined && !existing)
      throw CoupaApiError.invalid(KEY, `Order line ${l.lineNum} does not exist on purchase order ${po.poNumber}`);
    return buildLine(state, po.id, l, existing ? existing.lineNum : String(next++), currency, at, existing);
  });
  // Removed lines stay in state.orderLines: invoices already matched to them still name them.
  po.lines = lines;
  if (input.shipToAttention !== undefined) po.shipToAttention = input.shipToAttention;
  po.internalRevision += 1;
  if (po.status === 'issued') {
    po.version += 1;
    po.exported = false;
  }
  state.putPurchaseOrder(po);
  touch(state, po, { ...opts, at });
  return po;
}

/** `PUT …?exported=true|false`: only the flag (and last-exported-at) change. */
export function setPurchaseOrderExported(state: CoupaState, id: number, exported: boolean, opts: OpOptions = {}): PurchaseOrderRecord {
  const po = getPo(state, id);
  const at = changeTime(state, opts);
  po.exported = exported;
  if (exported) po.lastExportedAt = at;
  // Choice CP-35 (docs/api-notes.md): marking exported moves updated-at but sends no push.
  po.updatedAt = at;
  po.updatedById = actorId(opts);
  return po;
}

/** `PUT /api/purchase_orders/{id}` with a body: only these header fields are writable here. */
export function updatePurchaseOrderFields(
  state: CoupaState,
  id: number,
  patch: { shipToAttention?: string | null; customFields?: CustomFields },
  opts: OpOptions = {},
): PurchaseOrderRecord {
  const po = getPo(state, id);
  let changed = false;
  if (patch.shipToAttention !== undefined && patch.shipToAttention !== po.shipToAttention) {
    po.shipToAttention = patch.shipToAttention;
    changed = true;
  }
  if (patch.customFields !== undefined) {
    po.customFields = { ...po.customFields, ...patch.customFields };
    changed = true;
  }
  if (changed) touch(state, po, opts);
  return po;
}
