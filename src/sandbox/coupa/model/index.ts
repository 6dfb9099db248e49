/**
 * The registry of wire kinds and the renderer that turns records into Coupa's JSON shape
 * (hyphenated keys, decimals as strings, times with the instance offset), whole or shaped by
 * `fields=` / `return_object=`.
 */
import {
  accountAllocationKind,
  accountKind,
  accountTypeKind,
  addressKind,
  contactKind,
  countryKind,
  currencyKind,
  paymentTermKind,
  phoneKind,
  remitToKind,
  taxCodeKind,
  uomKind,
  userKind,
} from './common.js';
import { invoiceKind, invoiceLineKind, paymentKind } from './invoice.js';
import type { Kind, KindName, ModelContext } from './kind.js';
import { orderLineKind, purchaseOrderKind } from './purchase-order.js';
import { supplierKind, supplierRefKind } from './supplier.js';

export type { Kind, ModelContext } from './kind.js';

const KINDS: Record<KindName, Kind> = {
  supplier: supplierKind,
  'supplier-ref': supplierRefKind,
  user: userKind,
  currency: currencyKind,
  'payment-term': paymentTermKind,
  account: accountKind,
  'account-type': accountTypeKind,
  uom: uomKind,
  contact: contactKind,
  phone: phoneKind,
  address: addressKind,
  country: countryKind,
  'remit-to-address': remitToKind,
  'order-header': purchaseOrderKind,
  'order-line': orderLineKind,
  'invoice-header': invoiceKind,
  'invoice-line': invoiceLineKind,
  payment: paymentKind,
  'account-allocation': accountAllocationKind,
  'tax-code': taxCodeKind,
};

export function kindOf(name: KindName): Kind {
  return KINDS[name];
}

/** A `fields=` selection: attribute → whole value (true) or a nested selection. */
export type Projection = Map<string, Projection | true>;
export type RenderMode = 'full' | 'shallow' | 'limited';

export type WireObject = Record<string, unknown>;

const naturalProjections = new Map<KindName, Projection>();
function naturalProjection(kind: Kind): Projection {
  let p = naturalProjections.get(kind.name);
  if (!p) {
    p = new Map(kind.naturalKeys.map((k) => [k, true as const]));
    naturalProjections.set(kind.name, p);
  }
  return p;
}

export function render(kind: Kind, record: unknown, ctx: ModelContext, mode: RenderMode = 'full', projection?: Projection): WireObject {
  if (projection) return renderProjected(kind, record, ctx, projection);
  if (mode === 'limited') {
    // Choice CP-18 (docs/api-notes.md): "limited" keeps the id alone.
    return { id: kind.attrs.id?.get(record, ctx) ?? null };
  }
  const out: WireObject = {};
  for (const [name, attr] of Object.entries(kind.attrs)) {
    switch (attr.type) {
      case 'object': {
        const child = KINDS[attr.kind];
        const value = attr.get(record, ctx);
        out[name] =
          value == null
            ? null
            : mode === 'shallow'
              ? renderProjected(child, value, ctx, naturalProjection(child))
              : render(child, value, ctx);
        break;
      }
      case 'array': {
        const child = KINDS[attr.kind];
        const items = attr.get(record, ctx);
        out[name] =
          mode === 'shallow'
            ? items.map((v) => renderProjected(child, v, ctx, naturalProjection(child)))
            : items.map((v) => render(child, v, ctx));
        break;
      }
      case 'map':
        out[name] = { ...attr.get(record, ctx) };
        break;
      default:
        out[name] = formatScalar(attr.type, attr.get(record, ctx), ctx);
    }
  }
  return out;
}

function renderProjected(kind: Kind, record: unknown, ctx: ModelContext, projection: Projection): WireObject {
  const out: WireObject = {};
  for (const [name, attr] of Object.entries(kind.attrs)) {
    const sub = projection.get(name);
    if (sub === undefined) continue;
    switch (attr.type) {
      case 'object': {
        const child = KINDS[attr.kind];
        const value = attr.get(record, ctx);
        out[name] = value == null ? null : sub === true ? render(child, value, ctx) : renderProjected(child, value, ctx, sub);
        break;
      }
      case 'array': {
        const child = KINDS[attr.kind];
        out[name] = attr.get(record, ctx).map((v) => (sub === true ? render(child, v, ctx) : renderProjected(child, v, ctx, sub)));
        break;
      }
      case 'map': {
        const all = attr.get(record, ctx);
        if (sub === true) out[name] = { ...all };
        else out[name] = Object.fromEntries([...sub.keys()].filter((k) => k in all).map((k) => [k, all[k]]));
        break;
      }
      default:
        out[name] = formatScalar(attr.type, attr.get(record, ctx), ctx);
    }
  }
  return out;
}

function formatScalar(type: string, value: unknown, ctx: ModelContext): unknown {
  if (value === undefined) return null;
  if (type === 'datetime') return typeof value === 'number' ? ctx.state.clock.format(value) : null;
  return value;
}
