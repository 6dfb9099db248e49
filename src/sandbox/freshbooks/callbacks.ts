/**
 * Webhook callbacks (`/events/account/{accountId}/events/callbacks`): registration, the
 * verification handshake (FreshBooks POSTs a verifier to the URI; the client PUTs it back),
 * resend, edit and delete. Only verified callbacks receive events.
 */
import { asText } from '../guards.js';
import { ERRNO, NotFoundError, ValidationError, type FieldError } from './errors.js';
import type { AccountData, CallbackRecord, SandboxState } from './state.js';
import { sqlTimestamp } from './time.js';
import { isObject, type Json } from './validation.js';

/**
 * Event nouns and the scope that registering them needs (Choice FB-10, docs/api-notes.md: the
 * resource's read scope).
 */
const NOUN_SCOPES: Record<string, string> = {
  bill: 'user:bills:read',
  bill_vendor: 'user:bill_vendors:read',
  category: 'user:expenses:read',
  client: 'user:clients:read',
  credit_note: 'user:credit_notes:read',
  estimate: 'user:estimates:read',
  expense: 'user:expenses:read',
  invoice: 'user:invoices:read',
  item: 'user:billable_items:read',
  payment: 'user:payments:read',
  project: 'user:projects:read',
  recurring: 'user:invoices:read',
  service: 'user:billable_items:read',
  tax: 'user:taxes:read',
  time_entry: 'user:time_entries:read',
};
const EXTRA_VERBS = new Set(['estimate.sendByEmail', 'invoice.sendByEmail']);

export function isKnownEvent(event: string): boolean {
  const [noun, verb, ...rest] = event.split('.');
  if (rest.length > 0 || !noun || !(noun in NOUN_SCOPES)) return false;
  return verb === undefined || ['create', 'update', 'delete'].includes(verb) || EXTRA_VERBS.has(event);
}

/** The scope registering a known event needs (see isKnownEvent). */
export function eventScope(event: string): string {
  const scope = NOUN_SCOPES[event.split('.')[0] ?? ''];
  if (scope === undefined) throw new Error(`no scope for event '${event}': check isKnownEvent first`);
  return scope;
}

/** A callback for the bare noun (`bill`) gets every verb of it (`bill.create`, `bill.update`…). */
export function callbackWants(callbackEvent: string, eventName: string): boolean {
  return callbackEvent === eventName || callbackEvent === eventName.split('.')[0];
}

/** `search[event]=bill` matches the event and its parent/children. */
export function eventSearchMatches(callbackEvent: string, query: string): boolean {
  return callbackEvent === query || callbackEvent.startsWith(`${query}.`) || query.startsWith(`${callbackEvent}.`);
}

/**
 * Choice FB-47 (docs/api-notes.md): http is accepted too, so local receivers work.
 * Wording from the events API's pydantic-style validation messages.
 */
function checkUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri === '') return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? uri : undefined;
  } catch {
    return undefined;
  }
}

function readCallback(data: Json, creating: boolean): { event?: string; uri?: string } {
  const errors: FieldError[] = [];
  const out: { event?: string; uri?: string } = {};
  const fail = (field: string, message: string, value: unknown) =>
    errors.push({ errno: ERRNO.InvalidValue, field, message, object: 'callback', value: asText(value ?? '') });
  if (creating || 'event' in data) {
    if (typeof data.event === 'string' && isKnownEvent(data.event)) out.event = data.event;
    else fail('event', data.event === undefined ? 'Field required' : 'Value error, Unrecognized event.', data.event);
  }
  if (creating || 'uri' in data) {
    out.uri = checkUri(data.uri);
    if (out.uri === undefined)
      fail('uri', data.uri === undefined ? 'Field required' : 'Input should be a valid URL, Not a well-formed URL.', data.uri);
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}

export function getCallback(account: AccountData, id: number | undefined): CallbackRecord {
  const cb = id === undefined ? undefined : account.callbacks.get(id);
  if (!cb) throw new NotFoundError('callback', 'callbackid', String(id ?? ''));
  return cb;
}

/** Sends the `callback.verify` message; implemented by the event fan-out. */
export type VerificationSender = (account: AccountData, callback: CallbackRecord) => void;

/** Verifiers are ~31–34 alphanumerics in captures; we issue 32. */
const newVerifier = (state: SandboxState) => state.token(32);

/** The event is checked first so the handler can ask for the event's scope before anything is stored. */
export function parseNewCallback(body: unknown): { event: string; uri: string } {
  const data = isObject(body) && isObject(body.callback) ? body.callback : {};
  const { event, uri } = readCallback(data, true);
  // On create readCallback throws unless both are valid.
  if (event === undefined || uri === undefined) throw new Error('readCallback accepted a callback without event or uri');
  return { event, uri };
}

export function createCallback(
  state: SandboxState,
  account: AccountData,
  input: { event: string; uri: string },
  send: VerificationSender,
): CallbackRecord {
  const cb: CallbackRecord = {
    callbackid: state.nextId('callback'),
    event: input.event,
    uri: input.uri,
    verified: false,
    verifier: newVerifier(state),
    vis_state: 0,
    updatedAt: state.now(),
  };
  account.callbacks.set(cb.callbackid, cb);
  send(account, cb);
  return cb;
}

/**
 * PUT semantics: `verifier` verifies, `resend: true` resends, otherwise `event`/`uri` edit.
 * Choice FB-48 (docs/api-notes.md): a resend sends the same verifier; a new `uri` unverifies
 * the callback and starts a new handshake with a new verifier; a wrong verifier is a 400.
 */
export function updateCallback(
  state: SandboxState,
  account: AccountData,
  id: number | undefined,
  body: unknown,
  send: VerificationSender,
): CallbackRecord {
  const cb = getCallback(account, id);
  const data = isObject(body) && isObject(body.callback) ? body.callback : {};
  if ('verifier' in data) {
    if (data.verifier !== cb.verifier) {
      throw new ValidationError([
        {
          errno: ERRNO.InvalidValue,
          field: 'verifier',
          message: 'Value error, Invalid verifier.',
          object: 'callback',
          value: asText(data.verifier ?? ''),
        },
      ]);
    }
    cb.verified = true;
    cb.updatedAt = state.now();
    return cb;
  }
  if (data.resend === true || data.resend === 'true') {
    send(account, cb);
    return cb;
  }
  const next = readCallback(data, false);
  if (next.event !== undefined) cb.event = next.event;
  if (next.uri !== undefined && next.uri !== cb.uri) {
    cb.uri = next.uri;
    cb.verified = false;
    cb.verifier = newVerifier(state);
    send(account, cb);
  }
  cb.updatedAt = state.now();
  return cb;
}

export function deleteCallback(account: AccountData, id: number | undefined): void {
  account.callbacks.delete(getCallback(account, id).callbackid);
}

/** Choice FB-49 (docs/api-notes.md): `updated_at` as "YYYY-MM-DD HH:MM:SS" UTC, which the Node SDK parses. */
export function serializeCallback(cb: CallbackRecord) {
  return { callbackid: cb.callbackid, event: cb.event, uri: cb.uri, verified: cb.verified, updated_at: sqlTimestamp(cb.updatedAt) };
}
