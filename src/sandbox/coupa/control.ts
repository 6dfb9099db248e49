/**
 * The control API: how the demo and tests act as people and other systems around Coupa
 * would (a buyer creates a supplier or a PO, AP approves an invoice, an ERP pays it). Each
 * method validates its input, changes the state through the same ops the API uses (so pushes
 * fire), and returns the record as `GET /api/…` would show it in JSON.
 *
 * HTTP (JSON, no OAuth, never rate-limited or faulted), all under /_sandbox:
 *   GET  /_sandbox/state                          counts, push targets, OAuth clients
 *   GET  /_sandbox/records/:resource              all suppliers | purchase_orders | invoices (wire JSON)
 *   POST /_sandbox/seed                           load a CoupaSeed (generator output .coupa)
 *   POST /_sandbox/suppliers                      create a supplier            → 201 record
 *   PUT  /_sandbox/suppliers/:id                  change a supplier
 *   POST /_sandbox/purchase_orders                create a PO (status draft|issued) → 201
 *   POST /_sandbox/purchase_orders/:id/issue      issue a draft
 *   POST /_sandbox/purchase_orders/:id/revise     change order: {lines:[…]} (new version, exported=false)
 *   POST /_sandbox/purchase_orders/:id/cancel     cancel
 *   POST /_sandbox/purchase_orders/:id/close      close
 *   POST /_sandbox/invoices                       create an invoice (PO lines or not, charges, split coding) → 201
 *   POST /_sandbox/invoices/:id/approve           approve
 *   POST /_sandbox/invoices/:id/void              void
 *   POST /_sandbox/invoices/:id/payments          record a payment {amount, date?, notes?} (as an ERP)
 *   GET  /_sandbox/push                           push targets
 *   PUT  /_sandbox/push                           replace them: {targets:[{url, secret}]}
 *   POST /_sandbox/push                           add one: {url, secret}
 *   POST /_sandbox/clients                        add an OAuth client {clientId, clientSecret, scopes}
 *   POST /_sandbox/tokens/expire                  every issued token expires now
 * Errors: 400 {"error": "…"} for bad input or a broken rule, 404 {"error": "…"} for a missing record.
 * (Faults and webhook faults have their own admin routes: /_sandbox/faults, /_sandbox/webhook-faults.)
 */
import type { OAuthClient, TokenIssuer } from './auth.js';
import {
  clientInput,
  ControlInputError,
  invoiceInput,
  parseInput,
  paymentInput,
  pushTarget,
  purchaseOrderInput,
  revisionInput,
  supplierInput,
  supplierPatch,
} from './control-schemas.js';
import { render, type Kind, type ModelContext, type WireObject } from './model/index.js';
import { invoiceKind } from './model/invoice.js';
import { purchaseOrderKind } from './model/purchase-order.js';
import { supplierKind } from './model/supplier.js';
import { markPaidByHeader, recordPayment, reversePayment, type PaymentInput } from './ops/invoice-payments.js';
import { approveInvoice, createInvoice, disputeInvoice, voidInvoice, type InvoiceInput } from './ops/invoices.js';
import {
  cancelPurchaseOrder,
  closePurchaseOrder,
  createPurchaseOrder,
  issuePurchaseOrder,
  revisePurchaseOrder,
  type PurchaseOrderInput,
  type RevisionInput,
} from './ops/purchase-orders.js';
import { createSupplier, updateSupplier, type SupplierInput, type SupplierPatch } from './ops/suppliers.js';
import type { PushSender, PushTarget } from './push.js';
import { KNOWN_SCOPES } from './scopes.js';
import { loadSeed, type CoupaSeed } from './seed.js';
import type { CoupaState } from './state.js';

interface ControlDeps {
  state: CoupaState;
  ctx: ModelContext;
  push: PushSender;
  issuer: TokenIssuer;
}

interface ControlSummary {
  counts: { suppliers: number; purchaseOrders: number; invoices: number };
  push: PushTarget[];
  clients: Array<{ clientId: string; scopes: string[] }>;
}

export class CoupaControl {
  constructor(private readonly deps: ControlDeps) {}

  private view(kind: Kind, record: unknown): WireObject {
    return render(kind, record, this.deps.ctx);
  }

  // ---- suppliers -----------------------------------------------------------------------------
  createSupplier(input: SupplierInput): WireObject {
    return this.view(supplierKind, createSupplier(this.deps.state, parseInput(supplierInput, input)));
  }

  updateSupplier(id: number, patch: SupplierPatch): WireObject {
    return this.view(supplierKind, updateSupplier(this.deps.state, id, parseInput(supplierPatch, patch)));
  }

  // ---- purchase orders -----------------------------------------------------------------------
  createPurchaseOrder(input: PurchaseOrderInput): WireObject {
    return this.view(purchaseOrderKind, createPurchaseOrder(this.deps.state, parseInput(purchaseOrderInput, input)));
  }

  issuePurchaseOrder(id: number): WireObject {
    return this.view(purchaseOrderKind, issuePurchaseOrder(this.deps.state, id));
  }

  /** A change order: new lines (keep a line by its lineNum), new version, exported reset. */
  revisePurchaseOrder(id: number, input: RevisionInput): WireObject {
    return this.view(purchaseOrderKind, revisePurchaseOrder(this.deps.state, id, parseInput(revisionInput, input)));
  }

  cancelPurchaseOrder(id: number): WireObject {
    return this.view(purchaseOrderKind, cancelPurchaseOrder(this.deps.state, id));
  }

  closePurchaseOrder(id: number): WireObject {
    return this.view(purchaseOrderKind, closePurchaseOrder(this.deps.state, id));
  }

  // ---- invoices ------------------------------------------------------------------------------
  createInvoice(input: InvoiceInput): WireObject {
    return this.view(invoiceKind, createInvoice(this.deps.state, parseInput(invoiceInput, input)));
  }

  approveInvoice(id: number): WireObject {
    return this.view(invoiceKind, approveInvoice(this.deps.state, id));
  }

  voidInvoice(id: number): WireObject {
    return this.view(invoiceKind, voidInvoice(this.deps.state, id));
  }

  disputeInvoice(id: number): WireObject {
    return this.view(invoiceKind, disputeInvoice(this.deps.state, id));
  }

  /** Paid through the header fields only (`paid`, `payment-date`, `payment-notes`), no payment row. */
  markPaidByHeader(invoiceId: number, input: { date: string; notes?: string | null }): WireObject {
    return this.view(invoiceKind, markPaidByHeader(this.deps.state, invoiceId, input));
  }

  /** A payment taken back in Coupa's UI: a negative payment row. */
  reversePayment(invoiceId: number, input: PaymentInput): WireObject {
    return this.view(invoiceKind, reversePayment(this.deps.state, invoiceId, parseInput(paymentInput, input)));
  }

  /** A payment made by an ERP / Coupa Pay; sets `paid` once the invoice is fully paid. */
  recordPayment(invoiceId: number, input: PaymentInput): WireObject {
    return this.view(invoiceKind, recordPayment(this.deps.state, invoiceId, parseInput(paymentInput, input)));
  }

  // ---- pushes, clients, data -----------------------------------------------------------------
  pushTargets(): PushTarget[] {
    return this.deps.push.list();
  }

  setPushTargets(targets: PushTarget[]): PushTarget[] {
    return this.deps.push.setTargets(targets.map((t) => parseInput(pushTarget, t)));
  }

  addPushTarget(target: PushTarget): PushTarget[] {
    return this.deps.push.addTarget(parseInput(pushTarget, target));
  }

  addClient(client: OAuthClient): void {
    const c = parseInput(clientInput, client);
    const unknown = c.scopes.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length > 0) throw new ControlInputError(`Unknown scopes: ${unknown.join(', ')}`);
    this.deps.issuer.addClient(c);
  }

  expireTokens(): void {
    this.deps.issuer.expireAll();
  }

  load(seed: CoupaSeed): ControlSummary['counts'] {
    loadSeed(this.deps.state, seed);
    return this.deps.state.counts();
  }

  summary(): ControlSummary {
    return {
      counts: this.deps.state.counts(),
      push: this.deps.push.list(),
      clients: this.deps.issuer.listClients().map((c) => ({ clientId: c.clientId, scopes: c.scopes })),
    };
  }

  /** Every record of a resource as the JSON API shows it (no paging: for tests and the demo). */
  records(resource: 'suppliers' | 'purchase_orders' | 'invoices'): WireObject[] {
    const { state } = this.deps;
    if (resource === 'suppliers') return [...state.suppliers.values()].map((r) => this.view(supplierKind, r));
    if (resource === 'purchase_orders') return [...state.purchaseOrders.values()].map((r) => this.view(purchaseOrderKind, r));
    return [...state.invoices.values()].map((r) => this.view(invoiceKind, r));
  }
}
