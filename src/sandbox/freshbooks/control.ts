/**
 * The control API: how the demo and tests act as a FreshBooks user would (in the web app or
 * the developer portal). JSON, no OAuth, never rate-limited or faulted. Actions fire the same
 * webhooks as the API would.
 *
 *   POST /_sandbox/tokens                                   {client_id?, scope?} → 201 token response (like the portal)
 *   POST /_sandbox/expire-tokens                            every access token expires now → {expired}
 *   GET  /_sandbox/accounts                                 → {accounts: [{account_id, business_id, name}]}
 *   GET  /_sandbox/accounts/:accountId/state                → {bill_vendors, bills, bill_payments, taxes, callbacks} (deleted too)
 *   POST /_sandbox/accounts/:accountId/bill_vendors         vendor fields (bare or under "bill_vendor") → 201 {bill_vendor}
 *   POST /_sandbox/accounts/:accountId/bills                bill fields (bare or under "bill") → 201 {bill}
 *   POST /_sandbox/accounts/:accountId/taxes                tax fields {name, amount, number?, compound?} (bare or under "tax") → 201 {tax}
 *   POST /_sandbox/accounts/:accountId/bill_payments        pay a bill: {billid, amount?, paid_date?, payment_type?, note?} → 201 {bill_payment}
 *                                                            (amount defaults to what is outstanding, paid_date to today, type to "Bank Transfer")
 *   GET  /_sandbox/accounts/:accountId/callbacks/:id/verifier → {callbackid, verifier, verified}
 * Shared with the Coupa sandbox (src/sandbox/http.ts): /_sandbox/faults, /_sandbox/webhook-faults, /_sandbox/webhook-attempts.
 */
import { asText, itemAt } from '../guards.js';
import type { FastifyInstance } from 'fastify';
import { billTotals } from './bill-math.js';
import { serializeBill, serializePayment } from './bill-json.js';
import { createPayment } from './bill-payments.js';
import { createBill, getBill } from './bills.js';
import { getCallback, serializeCallback } from './callbacks.js';
import { ControlError } from './errors.js';
import type { SandboxState } from './state.js';
import { createTax, serializeTax } from './taxes.js';
import { utcDay } from './time.js';
import { grantScopes, type TokenResponse, type TokenStore } from './tokens.js';
import { isObject, type Json } from './validation.js';
import { createVendor, serializeVendor } from './vendors.js';

export type BillVendorJson = ReturnType<typeof serializeVendor>;
export type BillJson = ReturnType<typeof serializeBill>;
export type BillPaymentJson = ReturnType<typeof serializePayment>;
type CallbackJson = ReturnType<typeof serializeCallback>;
export type TaxJson = ReturnType<typeof serializeTax>;

export interface PayBillInput {
  billid: number | string;
  /** Decimal string; defaults to the bill's outstanding amount. */
  amount?: string;
  paid_date?: string;
  payment_type?: string;
  note?: string | null;
}

export interface AccountSnapshot {
  bill_vendors: BillVendorJson[];
  bills: BillJson[];
  bill_payments: BillPaymentJson[];
  taxes: TaxJson[];
  callbacks: CallbackJson[];
}

export interface FreshBooksControl {
  /** A fresh grant for the configured user, as if copied from the developer portal. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): TokenResponse;
  /** Every access token expires now; refresh tokens keep working. Returns how many. */
  expireAccessTokens(): number;
  accounts(): Array<{ account_id: string; business_id: number; name: string }>;
  createVendor(accountId: string, fields: Json): BillVendorJson;
  createBill(accountId: string, fields: Json): BillJson;
  /** A tax set up in the business, as a person would in FreshBooks' settings. */
  createTax(accountId: string, fields: Json): TaxJson;
  payBill(accountId: string, payment: PayBillInput): BillPaymentJson;
  snapshot(accountId: string): AccountSnapshot;
  callbackVerifier(accountId: string, callbackId: number): { callbackid: number; verifier: string; verified: boolean };
}

export function createControl(state: SandboxState, tokens: TokenStore): FreshBooksControl {
  const now = () => state.now();
  return {
    issueTokens(options = {}) {
      const app = tokens.app(options.clientId ?? itemAt(state.config.apps, 0, 'app').clientId);
      if (!app) throw new ControlError(404, `No app with client id ${options.clientId}`);
      const scopes = grantScopes(app, options.scopes?.join(' '));
      if (!scopes)
        throw new ControlError(
          400,
          `Scopes not enabled on app ${app.clientId}: ${options.scopes?.filter((s) => !app.scopes.includes(s)).join(' ')}`,
        );
      return tokens.newGrant(app.clientId, scopes);
    },
    expireAccessTokens: () => tokens.expireAll(),
    accounts: () => state.config.businesses.map((b) => ({ account_id: b.accountId, business_id: b.businessId, name: b.name })),
    createVendor(accountId, fields) {
      const account = state.account(accountId);
      return serializeVendor(account, createVendor(state, account, fields), now());
    },
    createBill(accountId, fields) {
      const account = state.account(accountId);
      return serializeBill(account, createBill(state, account, fields), now());
    },
    createTax(accountId, fields) {
      const account = state.account(accountId);
      return serializeTax(account, createTax(state, account, fields));
    },
    payBill(accountId, input) {
      const account = state.account(accountId);
      const bill = getBill(account, Number(input.billid));
      const amount = input.amount ?? billTotals(account, bill).outstanding.toFixed(2);
      const payment = createPayment(state, account, {
        billid: bill.id,
        amount: { amount, code: bill.currency_code },
        paid_date: input.paid_date ?? utcDay(now()),
        payment_type: input.payment_type ?? 'Bank Transfer',
        note: input.note ?? null,
      });
      return serializePayment(payment);
    },
    snapshot(accountId) {
      const account = state.account(accountId);
      const byId = <T>(m: Map<number, T>) => [...m.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
      return {
        bill_vendors: byId(account.vendors).map((v) => serializeVendor(account, v, now())),
        bills: byId(account.bills).map((b) => serializeBill(account, b, now())),
        bill_payments: byId(account.payments).map(serializePayment),
        taxes: byId(account.taxes).map((t) => serializeTax(account, t)),
        callbacks: byId(account.callbacks).map(serializeCallback),
      };
    },
    callbackVerifier(accountId, callbackId) {
      const cb = getCallback(state.account(accountId), callbackId);
      return { callbackid: cb.callbackid, verifier: cb.verifier, verified: cb.verified };
    },
  };
}

/** Accepts `{"bill": {...}}` as the API does, or the bare fields. */
const fieldsOf = (body: unknown, key: string): Json => (isObject(body) && isObject(body[key]) ? body[key] : isObject(body) ? body : {});

export function registerControlRoutes(app: FastifyInstance, control: FreshBooksControl): void {
  type P = { Params: { accountId: string; id: string } };
  app.post('/_sandbox/tokens', (req, reply) => {
    const body = isObject(req.body) ? req.body : {};
    const scope = typeof body.scope === 'string' ? body.scope.split(/\s+/).filter(Boolean) : undefined;
    const clientId = typeof body.client_id === 'string' ? body.client_id : undefined;
    return reply.code(201).send(control.issueTokens({ clientId, scopes: scope }));
  });
  app.post('/_sandbox/expire-tokens', () => ({ expired: control.expireAccessTokens() }));
  app.get('/_sandbox/accounts', () => ({ accounts: control.accounts() }));
  app.get<P>('/_sandbox/accounts/:accountId/state', (req) => control.snapshot(req.params.accountId));
  app.post<P>('/_sandbox/accounts/:accountId/bill_vendors', (req, reply) =>
    reply.code(201).send({ bill_vendor: control.createVendor(req.params.accountId, fieldsOf(req.body, 'bill_vendor')) }),
  );
  app.post<P>('/_sandbox/accounts/:accountId/bills', (req, reply) =>
    reply.code(201).send({ bill: control.createBill(req.params.accountId, fieldsOf(req.body, 'bill')) }),
  );
  app.post<P>('/_sandbox/accounts/:accountId/taxes', (req, reply) =>
    reply.code(201).send({ tax: control.createTax(req.params.accountId, fieldsOf(req.body, 'tax')) }),
  );
  app.post<P>('/_sandbox/accounts/:accountId/bill_payments', (req, reply) => {
    const body = fieldsOf(req.body, 'bill_payment');
    const billid = body.billid;
    if (billid === undefined) throw new ControlError(400, 'billid is required');
    if (typeof billid !== 'number' && typeof billid !== 'string') throw new ControlError(400, 'billid must be a number');
    const input: PayBillInput = { billid };
    if (typeof body.amount === 'string' || typeof body.amount === 'number') input.amount = String(body.amount);
    if (isObject(body.amount) && body.amount.amount !== undefined) input.amount = asText(body.amount.amount);
    if (typeof body.paid_date === 'string') input.paid_date = body.paid_date;
    if (typeof body.payment_type === 'string') input.payment_type = body.payment_type;
    if (typeof body.note === 'string') input.note = body.note;
    return reply.code(201).send({ bill_payment: control.payBill(req.params.accountId, input) });
  });
  app.get<P>('/_sandbox/accounts/:accountId/callbacks/:id/verifier', (req) =>
    control.callbackVerifier(req.params.accountId, Number(req.params.id)),
  );
}
