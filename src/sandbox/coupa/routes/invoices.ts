/**
 * `/api/invoices`: index, show, PUT/PATCH (payments and payment header fields, or
 * `?exported=true` alone), and `PUT /{id}/void`. Approval is not an API action here: it
 * happens in Coupa (the control API stands for that).
 */
import type { FastifyInstance } from 'fastify';
import { CoupaApiError } from '../errors.js';
import { guarded } from '../guard.js';
import { invoiceKind } from '../model/invoice.js';
import { applyInvoiceUpdate } from '../ops/invoice-payments.js';
import { setInvoiceExported, voidInvoice } from '../ops/invoices.js';
import { readInvoiceUpdate } from '../payments.js';
import { SCOPES } from '../scopes.js';
import type { CoupaState } from '../state.js';
import type { InvoiceRecord } from '../types.js';
import { answerWrite, exportedParam, numericId, registerReads, type ResourceSpec, type RouteDeps } from './common.js';

const invoicesSpec: ResourceSpec<InvoiceRecord> = {
  path: 'invoices',
  element: 'invoice-header',
  kind: invoiceKind,
  readScope: SCOPES.invoiceRead,
  records: (state: CoupaState) => state.invoices,
};

export function registerInvoiceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  registerReads(app, deps, invoicesSpec);

  const update = guarded(deps, SCOPES.invoiceWrite, async (req, reply, call) => {
    const id = numericId(call.params.id);
    if (!deps.state.invoices.has(id)) throw CoupaApiError.notFound();
    const exported = exportedParam(req.url);
    const invoice =
      exported !== undefined
        ? setInvoiceExported(deps.state, id, exported, { actor: 'api' })
        : applyInvoiceUpdate(deps.state, id, readInvoiceUpdate(req.body), { actor: 'api' });
    return answerWrite(reply, call, req.url, deps, invoicesSpec, invoice);
  });
  app.put('/api/invoices/:id', update);
  app.patch('/api/invoices/:id', update);

  // Coupa's scope map puts void (and abandon) under core.invoice.delete.
  app.put(
    '/api/invoices/:id/void',
    guarded(deps, SCOPES.invoiceDelete, async (req, reply, call) => {
      const invoice = voidInvoice(deps.state, numericId(call.params.id), { actor: 'api' });
      return answerWrite(reply, call, req.url, deps, invoicesSpec, invoice);
    }),
  );
}
