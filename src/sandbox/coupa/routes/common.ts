/** What the three resource route files share: index/show handlers and the write answer. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CoupaApiError } from '../errors.js';
import { guarded, type ApiCall, type GuardDeps } from '../guard.js';
import type { Kind, ModelContext } from '../model/index.js';
import { findById, runIndex, shapeOf, shapeRecord } from '../query/collection.js';
import { queryArgs } from '../query/params.js';
import { sendEmpty, sendList, sendRecord } from '../respond.js';
import type { CoupaState } from '../state.js';

export interface RouteDeps extends GuardDeps {
  state: CoupaState;
  ctx: ModelContext;
}

export interface ResourceSpec<R extends { id: number }> {
  /** URL segment: `/api/{path}`. */
  path: string;
  /** XML element of one record (`order-header`); the index wraps them in its plural. */
  element: string;
  kind: Kind;
  readScope: string;
  records(state: CoupaState): Map<number, R>;
}

export function registerReads<R extends { id: number }>(app: FastifyInstance, deps: RouteDeps, spec: ResourceSpec<R>): void {
  app.get(
    `/api/${spec.path}`,
    guarded(deps, spec.readScope, async (req, reply, call) => {
      const items = runIndex(spec.kind, spec.records(deps.state), req.url, deps.ctx);
      return sendList(reply, call.format, spec.element, spec.kind, items);
    }),
  );
  app.get(
    `/api/${spec.path}/:id`,
    guarded(deps, spec.readScope, async (req, reply, call) => {
      const record = findById(spec.records(deps.state), call.params.id ?? '');
      return sendRecord(reply, call.format, spec.element, spec.kind, shapeRecord(spec.kind, record, deps.ctx, shapeOf(req.url)));
    }),
  );
}

/** The answer to a write: the record (shaped by fields/return_object), or nothing for return_object=none. */
export function answerWrite<R extends { id: number }>(
  reply: FastifyReply,
  call: ApiCall,
  url: string,
  deps: RouteDeps,
  spec: ResourceSpec<R>,
  record: R,
): FastifyReply {
  const shape = shapeOf(url);
  if (shape.none) return sendEmpty(reply);
  return sendRecord(reply, call.format, spec.element, spec.kind, shapeRecord(spec.kind, record, deps.ctx, shape));
}

/** `?exported=true|false` on a PUT; undefined when absent. Choice CP-36 (docs/api-notes.md): `exported=false` clears the flag. */
export function exportedParam(url: string): boolean | undefined {
  const raw = queryArgs(url).filters.find(([k]) => k === 'exported')?.[1];
  if (raw === undefined) return undefined;
  if (/^(true|1)$/i.test(raw)) return true;
  if (/^(false|0)$/i.test(raw)) return false;
  throw CoupaApiError.invalid('base', `exported must be true or false, got '${raw}'.`);
}

export function numericId(raw: string | undefined): number {
  if (!raw || !/^\d+$/.test(raw)) throw CoupaApiError.notFound();
  return Number(raw);
}
