/**
 * Creating and changing suppliers, with Coupa's rules: a unique name of at most 100
 * characters, a unique number, enumerated status / PO method / matching level, and references
 * (payment term, country) that must already exist.
 */
import { CoupaApiError } from '../errors.js';
import { COUNTRIES } from '../reference-data.js';
import { referenceMessage, type CoupaState } from '../state.js';
import type { AddressRecord, CustomFields, RemitToRecord, SupplierRecord, SupplierStatus } from '../types.js';
import { actorId, changeTime, emit, type OpOptions } from './context.js';

export interface ContactInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** "+1 415 5550100": country code, area code, number. */
  phone?: string | null;
}

export interface AddressInput {
  name?: string | null;
  street1?: string | null;
  street2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  /** ISO country code, e.g. "US". */
  country?: string | null;
}

export interface SupplierInput {
  name: string;
  displayName?: string | null;
  number?: string | null;
  status?: SupplierStatus;
  website?: string | null;
  taxId?: string | null;
  accountNumber?: string | null;
  onHold?: boolean;
  paymentTerm?: string | null;
  poMethod?: string;
  poEmail?: string | null;
  invoiceMatchingLevel?: string;
  contact?: ContactInput | null;
  address?: AddressInput | null;
  customFields?: CustomFields;
}

export type SupplierPatch = Partial<SupplierInput>;

/** A patch as read off the wire: the status is whatever was sent, checked with the other fields. */
export type WireSupplierPatch = Omit<SupplierPatch, 'status'> & { status?: string };

const STATUSES: readonly SupplierStatus[] = ['active', 'inactive', 'draft', 'onboarding'];
const isStatus = (status: string): status is SupplierStatus => STATUSES.some((s) => s === status);
const PO_METHODS = ['cxml', 'xml', 'email', 'prompt', 'mark_as_sent', 'buy_online'];
const MATCHING_LEVELS = ['2-way', '3-way', '3-way-direct', 'none'];

function validate(state: CoupaState, input: WireSupplierPatch, self?: SupplierRecord): string[] {
  const errors: string[] = [];
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name === '') errors.push("Name can't be blank");
    else if (Array.from(name).length > 100) errors.push('Name is too long (maximum is 100 characters)');
    const other = state.findSupplierByName(name);
    if (name !== '' && other && other.id !== self?.id) errors.push('Name has already been taken');
  }
  if (input.number !== undefined && input.number !== null && input.number.trim() !== '') {
    const other = state.findSupplierByNumber(input.number);
    if (other && other.id !== self?.id) errors.push('Number has already been taken');
  }
  if (input.status !== undefined && !isStatus(input.status)) errors.push(`Supplier status must be one of ${STATUSES.join(', ')}.`);
  if (input.poMethod !== undefined && !PO_METHODS.includes(input.poMethod))
    errors.push(`PO method must be one of ${PO_METHODS.join(', ')}.`);
  if (input.invoiceMatchingLevel !== undefined && !MATCHING_LEVELS.includes(input.invoiceMatchingLevel)) {
    errors.push(`Invoice matching level must be one of ${MATCHING_LEVELS.join(', ')}.`);
  }
  const country = input.address?.country;
  if (country && !COUNTRIES[country.toUpperCase()]) errors.push(referenceMessage('Country', 'country', 'code', country));
  return errors;
}

function addressRecord(state: CoupaState, input: AddressInput, existing?: AddressRecord | null): AddressRecord {
  const base: AddressRecord = existing ?? {
    id: state.nextId('address'),
    name: null,
    street1: null,
    street2: null,
    city: null,
    state: null,
    postalCode: null,
    countryCode: null,
  };
  return {
    ...base,
    ...(input.name !== undefined && { name: input.name }),
    ...(input.street1 !== undefined && { street1: input.street1 }),
    ...(input.street2 !== undefined && { street2: input.street2 }),
    ...(input.city !== undefined && { city: input.city }),
    ...(input.state !== undefined && { state: input.state }),
    ...(input.postalCode !== undefined && { postalCode: input.postalCode }),
    ...(input.country !== undefined && { countryCode: input.country ? input.country.toUpperCase() : null }),
  };
}

/** Applies a patch `validate` accepted. */
function applyPatch(state: CoupaState, s: SupplierRecord, p: WireSupplierPatch): void {
  if (p.name !== undefined) s.name = p.name.trim();
  if (p.displayName !== undefined) s.displayName = p.displayName;
  if (p.number !== undefined) s.number = p.number === null || p.number.trim() === '' ? null : p.number.trim();
  if (p.status !== undefined && isStatus(p.status)) s.status = p.status;
  if (p.website !== undefined) s.website = p.website;
  if (p.taxId !== undefined) s.taxId = p.taxId;
  if (p.accountNumber !== undefined) s.accountNumber = p.accountNumber;
  if (p.onHold !== undefined) s.onHold = p.onHold;
  if (p.poMethod !== undefined) s.poMethod = p.poMethod;
  if (p.poEmail !== undefined) s.poEmail = p.poEmail;
  if (p.invoiceMatchingLevel !== undefined) s.invoiceMatchingLevel = p.invoiceMatchingLevel;
  if (p.paymentTerm !== undefined) s.paymentTermId = p.paymentTerm === null ? null : state.paymentTermByCode(p.paymentTerm, 'supplier').id;
  if (p.customFields !== undefined) s.customFields = { ...s.customFields, ...p.customFields };
  if (p.contact !== undefined) {
    // Coupa edits the attached contact in place; it never swaps in another one.
    if (p.contact === null) s.contact = null;
    else {
      const c = s.contact ?? { id: state.nextId('contact'), email: null, nameGiven: null, nameFamily: null, phone: null };
      s.contact = {
        ...c,
        ...(p.contact.email !== undefined && { email: p.contact.email }),
        ...(p.contact.firstName !== undefined && { nameGiven: p.contact.firstName }),
        ...(p.contact.lastName !== undefined && { nameFamily: p.contact.lastName }),
        ...(p.contact.phone !== undefined && { phone: p.contact.phone }),
      };
    }
  }
  if (p.address !== undefined) s.address = p.address === null ? null : addressRecord(state, p.address, s.address);
}

export function createSupplier(state: CoupaState, input: SupplierInput, opts: OpOptions = {}): SupplierRecord {
  const errors = validate(state, input);
  if (errors.length > 0) throw CoupaApiError.invalid('supplier', ...errors);
  const at = changeTime(state, opts);
  const supplier: SupplierRecord = {
    id: state.nextId('supplier'),
    createdAt: at,
    updatedAt: at,
    createdById: actorId(opts),
    updatedById: actorId(opts),
    name: '',
    displayName: null,
    number: null,
    // Choice CP-32 (docs/api-notes.md): a supplier made through the control API (a person) is active.
    status: 'active',
    taxId: null,
    accountNumber: null,
    website: null,
    onHold: false,
    oneTimeSupplier: false,
    paymentMethod: 'invoice',
    poMethod: 'email',
    poEmail: null,
    invoiceMatchingLevel: '2-way',
    paymentTermId: null,
    contact: null,
    address: null,
    remitTo: [],
    customFields: {},
  };
  applyPatch(state, supplier, input);
  if (supplier.displayName === null) supplier.displayName = supplier.name;
  if (supplier.address) {
    const remit: RemitToRecord = { ...supplier.address, id: state.nextId('address'), remitToCode: 'RT-1', active: true };
    supplier.remitTo = [remit];
  }
  state.putSupplier(supplier);
  emit(state, opts, 'supplier.created', supplier.id);
  return supplier;
}

export function updateSupplier(state: CoupaState, id: number, patch: WireSupplierPatch, opts: OpOptions = {}): SupplierRecord {
  const supplier = state.suppliers.get(id);
  if (!supplier) throw CoupaApiError.notFound();
  const errors = validate(state, patch, supplier);
  if (errors.length > 0) throw CoupaApiError.invalid('supplier', ...errors);
  const previous = { name: supplier.name, number: supplier.number };
  // Resolve references before touching anything, so a bad one leaves the record unchanged.
  if (patch.paymentTerm) state.paymentTermByCode(patch.paymentTerm, 'supplier');
  applyPatch(state, supplier, patch);
  supplier.updatedAt = changeTime(state, opts);
  supplier.updatedById = actorId(opts);
  state.putSupplier(supplier, previous);
  emit(state, opts, 'supplier.updated', supplier.id);
  return supplier;
}
