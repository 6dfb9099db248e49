/** The control API's HTTP routes (listed in control.ts), each a thin call into CoupaControl. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ControlInputError } from './control-schemas.js';
import type { CoupaControl } from './control.js';
import { CoupaApiError } from './errors.js';
import { PushTargetError, type PushTarget } from './push.js';
import type { CoupaSeed } from './seed.js';

type Req = FastifyRequest<{ Params: Record<string, string>; Body: unknown }>;
type Action = (req: Req) => unknown;

function id(req: Req): number {
  const raw = req.params.id ?? '';
  if (!/^\d+$/.test(raw)) throw CoupaApiError.notFound();
  return Number(raw);
}

/** Runs an action and answers JSON: `status` on success, 400/404 with {"error"} otherwise. */
function handle(action: Action, status = 200) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const result = action(req as Req);
      return reply.code(status).send(result ?? { ok: true });
    } catch (err) {
      if (err instanceof CoupaApiError) {
        return reply.code(err.status === 404 ? 404 : 400).send({ error: err.messages.join('; '), messages: err.messages });
      }
      if (err instanceof ControlInputError || err instanceof PushTargetError) return reply.code(400).send({ error: err.message });
      throw err;
    }
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
    handle((req) => ({ counts: control.load(req.body as CoupaSeed) })),
  );

  app.post(
    '/_sandbox/suppliers',
    handle((req) => control.createSupplier(req.body as never), 201),
  );
  app.put(
    '/_sandbox/suppliers/:id',
    handle((req) => control.updateSupplier(id(req), req.body as never)),
  );

  app.post(
    '/_sandbox/purchase_orders',
    handle((req) => control.createPurchaseOrder(req.body as never), 201),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/issue',
    handle((req) => control.issuePurchaseOrder(id(req))),
  );
  app.post(
    '/_sandbox/purchase_orders/:id/revise',
    handle((req) => control.revisePurchaseOrder(id(req), req.body as never)),
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
    handle((req) => control.createInvoice(req.body as never), 201),
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
    handle((req) => control.recordPayment(id(req), req.body as never)),
  );

  app.get(
    '/_sandbox/push',
    handle(() => ({ targets: control.pushTargets() })),
  );
  app.put(
    '/_sandbox/push',
    handle((req) => ({ targets: control.setPushTargets(((req.body ?? {}) as { targets?: PushTarget[] }).targets ?? []) })),
  );
  app.post(
    '/_sandbox/push',
    handle((req) => ({ targets: control.addPushTarget(req.body as PushTarget) })),
  );

  app.post(
    '/_sandbox/clients',
    handle((req) => control.addClient(req.body as never), 201),
  );
  app.post(
    '/_sandbox/tokens/expire',
    handle(() => control.expireTokens()),
  );
}
