/**
 * The events API: `/events/account/{accountId}/events/callbacks[/{callbackId}]`. Same
 * `response.result` envelope as accounting on success; errors in the events shape.
 */
import type { FastifyInstance } from 'fastify';
import {
  createCallback,
  deleteCallback,
  eventScope,
  eventSearchMatches,
  getCallback,
  isKnownEvent,
  parseNewCallback,
  serializeCallback,
  updateCallback,
  type VerificationSender,
} from './callbacks.js';
import { requireScopes } from './guard.js';
import { paginate, parsePaging, queryOf } from './paging.js';
import { searchAndSort, type SearchField, type SortField } from './search.js';
import type { CallbackRecord, SandboxState } from './state.js';
import { isObject, pathId } from './validation.js';

const SEARCH: SearchField<CallbackRecord>[] = [
  { name: 'callbackid', type: 'int', get: (c) => c.callbackid, plural: 'callbackids' },
  { name: 'uri', type: 'string', get: (c) => c.uri, like: true },
];
const SORTS: SortField<CallbackRecord>[] = [{ name: 'callbackid', get: (c) => c.callbackid }];

type Params = { accountId: string; id: string };

export function registerEventsRoutes(app: FastifyInstance, state: SandboxState, send: VerificationSender): void {
  const base = '/events/account/:accountId/events/callbacks';
  // Choice FB-11 (docs/api-notes.md): any valid token on the account may list, read and edit callbacks.
  const guarded = { config: { freshbooks: { account: true } } };
  const one = (cb: CallbackRecord) => ({ response: { result: { callback: serializeCallback(cb) } } });

  app.get<{ Params: Params }>(base, guarded, (req) => {
    const account = state.account(req.params.accountId);
    const query = queryOf(req.url);
    const paging = parsePaging(query, 'callback');
    const event = query.get('search[event]');
    const candidates = [...account.callbacks.values()].filter((c) => event === null || eventSearchMatches(c.event, event));
    const found = searchAndSort(candidates, query, { fields: SEARCH, sorts: SORTS, object: 'callback', id: (c) => c.callbackid });
    const { items, meta } = paginate(found, paging);
    return { response: { result: { callbacks: items.map(serializeCallback), ...meta } } };
  });

  app.get<{ Params: Params }>(`${base}/:id`, guarded, (req) =>
    one(getCallback(state.account(req.params.accountId), pathId(req.params.id))),
  );

  app.post<{ Params: Params }>(base, guarded, (req) => {
    const input = parseNewCallback(req.body);
    requireScopes(req, [eventScope(input.event)]);
    return one(createCallback(state, state.account(req.params.accountId), input, send));
  });

  app.put<{ Params: Params }>(`${base}/:id`, guarded, (req) => {
    const account = state.account(req.params.accountId);
    const cb = getCallback(account, pathId(req.params.id));
    const event = isObject(req.body) && isObject(req.body.callback) ? req.body.callback.event : undefined;
    if (typeof event === 'string' && isKnownEvent(event)) requireScopes(req, [eventScope(event)]);
    return one(updateCallback(state, account, cb.callbackid, req.body, send));
  });

  /** Choice FB-50 (docs/api-notes.md): deleting a callback answers 204 No Content. */
  app.delete<{ Params: Params }>(`${base}/:id`, guarded, (req, reply) => {
    deleteCallback(state.account(req.params.accountId), pathId(req.params.id));
    return reply.code(204).send();
  });
}
