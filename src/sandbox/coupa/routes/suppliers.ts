/** `/api/suppliers`: index, show, and PUT (suppliers have no exported flag). */
import type { FastifyInstance } from 'fastify';
import { asText, isRecord } from '../../guards.js';
import { CoupaApiError } from '../errors.js';
import { guarded } from '../guard.js';
import { supplierKind } from '../model/supplier.js';
import { updateSupplier, type WireSupplierPatch } from '../ops/suppliers.js';
import { bodyObject, readBoolean, readCustomFields } from '../payments.js';
import { SCOPES } from '../scopes.js';
import type { CoupaState } from '../state.js';
import type { SupplierRecord } from '../types.js';
import { answerWrite, numericId, registerReads, type ResourceSpec, type RouteDeps } from './common.js';

const suppliersSpec: ResourceSpec<SupplierRecord> = {
  path: 'suppliers',
  element: 'supplier',
  kind: supplierKind,
  readScope: SCOPES.supplierRead,
  records: (state: CoupaState) => state.suppliers,
};

const text = (v: unknown): string | null => (v === null || v === undefined ? null : asText(v));

/** Wire body → patch. Read-only and unknown fields are ignored, as Coupa ignores them. */
function readSupplierPatch(state: CoupaState, body: unknown): WireSupplierPatch {
  const b = bodyObject(body, ['supplier']);
  const p: WireSupplierPatch = {};
  if ('name' in b) p.name = asText(b.name ?? '');
  if ('display-name' in b) p.displayName = text(b['display-name']);
  if ('number' in b) p.number = text(b.number);
  if ('status' in b) p.status = asText(b.status);
  if ('website' in b) p.website = text(b.website);
  if ('tax-id' in b) p.taxId = text(b['tax-id']);
  if ('account-number' in b) p.accountNumber = text(b['account-number']);
  if ('on-hold' in b) p.onHold = readBoolean(b['on-hold'], 'On hold', 'supplier');
  if ('po-method' in b) p.poMethod = asText(b['po-method']);
  if ('po-email' in b) p.poEmail = text(b['po-email']);
  if ('invoice-matching-level' in b) p.invoiceMatchingLevel = asText(b['invoice-matching-level']);
  const term = b['payment-term'];
  if (isRecord(term)) {
    if (term.id !== undefined) {
      const found = state.paymentTerms.get(Number(term.id));
      if (!found)
        throw CoupaApiError.invalid(
          'supplier',
          `Unable to find valid PaymentTerm record for payment_term with keys {"id"=>"${asText(term.id)}"}. Possible keys are ["id", "code"]. Please verify your json.`,
        );
      p.paymentTerm = found.code;
    } else if (term.code !== undefined) p.paymentTerm = asText(term.code);
  } else if (term === null) p.paymentTerm = null;
  const contact = b['primary-contact'];
  if (isRecord(contact)) {
    p.contact = {};
    if ('email' in contact) p.contact.email = text(contact.email);
    if ('name-given' in contact) p.contact.firstName = text(contact['name-given']);
    if ('name-family' in contact) p.contact.lastName = text(contact['name-family']);
  }
  const address = b['primary-address'];
  if (isRecord(address)) {
    p.address = {};
    for (const [wire, key] of [
      ['name', 'name'],
      ['street1', 'street1'],
      ['street2', 'street2'],
      ['city', 'city'],
      ['state', 'state'],
      ['postal-code', 'postalCode'],
    ] as const) {
      if (wire in address) p.address[key] = text(address[wire]);
    }
    const country = address.country;
    if (isRecord(country) && country.code !== undefined) p.address.country = asText(country.code);
  }
  const customFields = readCustomFields(b['custom-fields'], 'supplier');
  if (customFields) p.customFields = customFields;
  return p;
}

export function registerSupplierRoutes(app: FastifyInstance, deps: RouteDeps): void {
  registerReads(app, deps, suppliersSpec);
  app.put(
    '/api/suppliers/:id',
    guarded(deps, SCOPES.supplierWrite, async (req, reply, call) => {
      const id = numericId(call.params.id);
      if (!deps.state.suppliers.has(id)) throw CoupaApiError.notFound();
      const supplier = updateSupplier(deps.state, id, readSupplierPatch(deps.state, req.body), { actor: 'api' });
      return answerWrite(reply, call, req.url, deps, suppliersSpec, supplier);
    }),
  );
}
