/** Suppliers on the wire (`/api/suppliers`), and the compact supplier nested in orders and invoices. */
import type { SupplierRecord } from '../types.js';
import { defineKind, list, map, obj, scalar } from './kind.js';

export const supplierKind = defineKind<SupplierRecord>('supplier', ['id', 'name', 'number'], {
  id: scalar('integer', (s) => s.id),
  'created-at': scalar('datetime', (s) => s.createdAt),
  'updated-at': scalar('datetime', (s) => s.updatedAt),
  name: scalar('string', (s) => s.name),
  'display-name': scalar('string', (s) => s.displayName),
  number: scalar('string', (s) => s.number),
  status: scalar('string', (s) => s.status),
  website: scalar('string', (s) => s.website),
  'tax-id': scalar('string', (s) => s.taxId),
  'account-number': scalar('string', (s) => s.accountNumber),
  duns: scalar('string', () => null),
  'on-hold': scalar('boolean', (s) => s.onHold),
  'one-time-supplier': scalar('boolean', (s) => s.oneTimeSupplier),
  'payment-method': scalar('string', (s) => s.paymentMethod),
  'po-method': scalar('string', (s) => s.poMethod),
  'po-change-method': scalar('string', (s) => s.poMethod),
  'po-email': scalar('string', (s) => s.poEmail),
  'invoice-matching-level': scalar('string', (s) => s.invoiceMatchingLevel),
  'primary-contact': obj('contact', (s) => s.contact),
  'primary-address': obj('address', (s) => s.address),
  'payment-term': obj('payment-term', (s, { state }) => (s.paymentTermId === null ? null : state.paymentTerms.get(s.paymentTermId))),
  'remit-to-addresses': list('remit-to-address', (s) => s.remitTo),
  'supplier-sites': list('address', () => []),
  'custom-fields': map((s) => s.customFields),
  'created-by': obj('user', (s, { state }) => state.users.get(s.createdById)),
  'updated-by': obj('user', (s, { state }) => state.users.get(s.updatedById)),
});

/** What an order or invoice embeds as `supplier`. */
export const supplierRefKind = defineKind<SupplierRecord>('supplier-ref', ['id', 'name', 'number'], {
  id: scalar('integer', (s) => s.id),
  name: scalar('string', (s) => s.name),
  'display-name': scalar('string', (s) => s.displayName),
  number: scalar('string', (s) => s.number),
  status: scalar('string', (s) => s.status),
});
