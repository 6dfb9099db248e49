/** The control API's HTTP routes (listed in control.ts), each a thin call into CoupaControl. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../guards.js';
import {
  clientInput,
  ControlInputError,
  coupaSeed,
  invoiceInput,
  parseInput,
  paymentInput,
  pushTarget,
  pushTargets,
  purchaseOrderInput,
  revisionInput,
  supplierInput,
  supplierPatch,
} from './control-schemas.js';
import type { CoupaControl } from './control.js';
import { CoupaApiError } from './errors.js';
import { PushTargetError } from './push.js';

/** What an action reads of a request: path parameters and the parsed body. */
interface ControlRequest {
  params: Readonly<Record<string, unknown>>;
  body: unknown;
}
type Action = (req: ControlRequest) => unknown;

function id(req: ControlRequest): number {
  const raw = req.params.id;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw CoupaApiError.notFound();
  return Number(raw);
}

/** The status and body a failed action answers, or undefined for an error that is not the caller's. */
function failure(err: unknown): { status: number; body: Record<string, unknown> } | undefined {
  if (err instanceof CoupaApiError) {
    return { status: err.status === 404 ? 404 : 400, body: { error: err.messages.join('; '), messages: err.messages } };
  }
  if (err instanceof ControlInputError || err instanceof PushTargetError) return { status: 400, body: { error: err.message } };
  return undefined;
}

/** Runs an action and answers JSON: `status` on success, 400/404 with {"error"} otherwise. */
function handle(action: Action, status = 200) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    let result: unknown;
    try {
      result = action({ params: isRecord(req.params) ? req.params : {}, body: req.body });
    } catch (err) {
      const answer = failure(err);
      if (!answer) throw err;
      return reply.code(answer.status).send(answer.body);
    }
    return reply.code(status).send(result ?? { ok: true });
  };
}

const RESOURCES = ['suppliers', 'purchase_orders', 'invoices'] as const;

export function registerControlRoutes(app: FastifyInstance, control: CoupaControl): void {
  app.get(
    '/_sandbox/state',
    handle(() => control.summary()),
  );
  app.get(
    '/_sandbox/records/:resource',
    handle((req) => {
      const resource = RESOURCES.find((r) => r === req.params.resource);
      if (!resource) throw CoupaApiError.notFound();
      return control.records(resource);
    }),
  );
  app.post(
    '/_sandbox/seed',
    handle((req) => ({ counts: control.load(parseInput(coupaSeed, req.body)) })),
  );

  app.post(
    '/_sandbox/suppliers',
    handle((req) => control.createSupplier(parseInput(supplierInput, req.body)), 201),
  );
  app.put(
    '/_sandbox/suppliers/:id',
    handle((req) => control.updateSupplier(id(req), parseInput(supplierPatch, req.body))),
  );

  app.post(
    '/_sandbox/purchase_orders',
    handle((req) => control.createPurchaseOrder(parseInput(purchaseOrderInput, req.body)), 201),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/issue',
    handle((req) => control.issuePurchaseOrder(id(req))),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/revise',
    handle((req) => control.revisePurchaseOrder(id(req), parseInput(revisionInput, req.body))),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/cancel',
    handle((req) => control.cancelPurchaseOrder(id(req))),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/close',
    handle((req) => control.closePurchaseOrder(id(req))),
  );

  app.post(
    '/_sandbox/invoices',
    handle((req) => control.createInvoice(parseInput(invoiceInput, req.body)), 201),
  );
  app.post(
    '/_sandbox/invoices/:id/approve',
    handle((req) => control.approveInvoice(id(req))),
  );
  app.post(
    '/_sandbox/invoices/:id/void',
    handle((req) => control.voidInvoice(id(req))),
  );
  app.post(
    '/_sandbox/invoices/:id/payments',
    handle((req) => control.recordPayment(id(req), parseInput(paymentInput, req.body))),
  );

  app.get(
    '/_sandbox/push',
    handle(() => ({ targets: control.pushTargets() })),
  );
  app.put(
    '/_sandbox/push',
    handle((req) => ({ targets: control.setPushTargets(parseInput(pushTargets, req.body).targets ?? []) })),
  );
  app.post(
    '/_sandbox/push',
    handle((req) => ({ targets: control.addPushTarget(parseInput(pushTarget, req.body)) })),
  );

  app.post(
    '/_sandbox/clients',
    handle((req) => {
      control.addClient(parseInput(clientInput, req.body));
    }, 201),
  );
  app.post(
    '/_sandbox/tokens/expire',
    handle(() => {
      control.expireTokens();
    }),
  );
}
