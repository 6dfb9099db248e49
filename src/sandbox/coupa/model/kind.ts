/**
 * A "kind" describes one object shape on Coupa's wire: its hyphenated attributes in output
 * order, each with a type and a getter over the internal record. One description serves the
 * JSON rendering, the XML type attributes, `fields=` projections, `return_object=shallow`, and
 * the query filters (which walk the same attributes, associations included).
 */
import type { CoupaState } from '../state.js';

export type ScalarType = 'integer' | 'string' | 'decimal' | 'datetime' | 'boolean' | 'float';

export type KindName =
  | 'supplier'
  | 'supplier-ref'
  | 'user'
  | 'currency'
  | 'payment-term'
  | 'account'
  | 'account-type'
  | 'uom'
  | 'contact'
  | 'phone'
  | 'address'
  | 'country'
  | 'remit-to-address'
  | 'order-header'
  | 'order-line'
  | 'invoice-header'
  | 'invoice-line'
  | 'payment'
  | 'account-allocation'
  | 'tax-code';

export interface ModelContext {
  state: CoupaState;
}

/** Scalar getters return wire values, except datetimes: epoch ms (formatted when rendered). */
export type ScalarValue = string | number | boolean | null;

export type Attr<R> =
  | { type: ScalarType; get(record: R, ctx: ModelContext): ScalarValue }
  | { type: 'object'; kind: KindName; get(record: R, ctx: ModelContext): unknown }
  | { type: 'array'; kind: KindName; get(record: R, ctx: ModelContext): readonly unknown[] }
  | { type: 'map'; get(record: R, ctx: ModelContext): Record<string, ScalarValue> };

export interface Kind<R = unknown> {
  name: KindName;
  attrs: Record<string, Attr<R>>;
  /** What `return_object=shallow` keeps of this kind when it is an association. */
  naturalKeys: string[];
}

export function defineKind<R>(name: KindName, naturalKeys: string[], attrs: Record<string, Attr<R>>): Kind<R> {
  return { name, attrs, naturalKeys };
}

/** Shorthands for the common attribute shapes. */
export const scalar = <R>(type: ScalarType, get: (r: R, ctx: ModelContext) => ScalarValue): Attr<R> => ({ type, get });
export const obj = <R>(kind: KindName, get: (r: R, ctx: ModelContext) => unknown): Attr<R> => ({ type: 'object', kind, get });
export const list = <R>(kind: KindName, get: (r: R, ctx: ModelContext) => readonly unknown[]): Attr<R> => ({ type: 'array', kind, get });
export const map = <R>(get: (r: R, ctx: ModelContext) => Record<string, ScalarValue>): Attr<R> => ({ type: 'map', get });
