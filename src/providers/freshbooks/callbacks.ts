/**
 * Webhook callbacks: `/events/account/{accountId}/events/callbacks[/{id}]`, keys `callback` /
 * `callbacks`. A new callback starts unverified: FreshBooks POSTs a verifier to its URI, which
 * is sent back with `verify` (and kept: it is the HMAC key of every later delivery).
 * Objects carry `callbackid` (some examples say `id`): both are read.
 */
import type { FreshBooksClient } from './client.js';
import { isRecord } from '../json.js';
import { FreshBooksResponseError } from './errors.js';
import { allOf, pagesOf } from './paging.js';
import { idOf, objectOf, show } from './parse.js';

const PATH = 'callbacks';

export interface Callback {
  id: string;
  event: string;
  uri: string;
  verified: boolean;
  updatedAt: string | null;
}

function parseCallback(wire: unknown): Callback {
  if (!isRecord(wire)) throw new FreshBooksResponseError(`a callback is not an object (got ${show(wire)})`);
  const w = wire;
  const id = idOf(w.callbackid ?? w.id, 'callback.callbackid');
  if (typeof w.event !== 'string' || typeof w.uri !== 'string') throw new FreshBooksResponseError(`callback ${id} has no event or uri`);
  return {
    id,
    event: w.event,
    uri: w.uri,
    verified: w.verified === true,
    updatedAt: typeof w.updated_at === 'string' ? w.updated_at : null,
  };
}

export class CallbacksResource {
  constructor(private readonly client: FreshBooksClient) {}

  private async one(method: string, subpath: string, body?: unknown): Promise<Callback> {
    return parseCallback(objectOf(await this.client.events(method, subpath, { body }), 'callback'));
  }

  /** Every callback of the business; `event` filters by event or its parent ("bill" matches "bill.create"). */
  async list(options: { event?: string } = {}): Promise<Callback[]> {
    return allOf(
      pagesOf((q) => this.client.events('GET', PATH, { query: q }), 'callbacks', { 'search[event]': options.event }),
      parseCallback,
    );
  }

  get(id: string): Promise<Callback> {
    return this.one('GET', `${PATH}/${encodeURIComponent(id)}`);
  }

  /** Registers `event` → `uri`; FreshBooks then POSTs the verifier to `uri`. Not retried after a 5xx (POST). */
  create(event: string, uri: string): Promise<Callback> {
    return this.one('POST', PATH, { callback: { event, uri } });
  }

  /** Sends back the verifier FreshBooks POSTed to the URI; the callback becomes verified. */
  verify(id: string, verifier: string): Promise<Callback> {
    return this.one('PUT', `${PATH}/${encodeURIComponent(id)}`, { callback: { verifier } });
  }

  /** Asks FreshBooks to POST the verification message again. */
  resendVerification(id: string): Promise<Callback> {
    return this.one('PUT', `${PATH}/${encodeURIComponent(id)}`, { callback: { resend: true } });
  }

  update(id: string, change: { event?: string; uri?: string }): Promise<Callback> {
    return this.one('PUT', `${PATH}/${encodeURIComponent(id)}`, { callback: change });
  }

  delete(id: string): Promise<void> {
    return this.client.eventsNoContent('DELETE', `${PATH}/${encodeURIComponent(id)}`);
  }
}
