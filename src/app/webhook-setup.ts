/**
 * Setting a tenant's webhooks up (`webhooks register`) and reading them back (`webhooks show`).
 *
 * Registering: the FreshBooks callbacks for FRESHBOOKS_EVENTS at `<public URL>/webhooks/
 * freshbooks/<tenant>` — an existing callback with the same event and URI is kept, a missing
 * one created, one not (or no longer) verified gets its verification sent again — and then a
 * bounded wait while FreshBooks POSTs each verifier to `serve`, which PUTs it back and keeps
 * it. Nothing is created twice, so running it again changes nothing. The tenant also gets a
 * Coupa push secret if it has none.
 */
import { systemClock, type Clock } from '../lib/clock.js';
import { AppError, errorMessage } from '../lib/errors.js';
import { freshbooksClientFor } from './freshbooks-client.js';
import type { Callback } from '../providers/freshbooks/callbacks.js';
import type { FreshBooksClient } from '../providers/freshbooks/client.js';
import { getCallback, listCallbacks, markCallbackUnverified, recordCallback } from '../store/queries/freshbooks-callbacks.js';
import { listPreviousPushSecrets } from '../store/queries/coupa-push-secrets.js';
import { requireTenant } from '../store/queries/tenants.js';
import { getWebhookEndpoint, setWebhookEndpoint } from '../store/queries/webhook-endpoints.js';
import { coupaWebhookUrl, FRESHBOOKS_EVENTS, freshbooksWebhookUrl } from './endpoints.js';
import type { TenantScope } from './tenant-scope.js';
import { ensureCoupaPushSecret, rotateCoupaPushSecret } from './webhook-secrets.js';

const DEFAULT_VERIFY_WAIT_MS = 60_000;
const POLL_MS = 250;

class WebhookSetupError extends AppError {}

type CallbackAction = 'created' | 'kept' | 'resent';

export interface RegisteredCallback {
  id: string;
  event: string;
  uri: string;
  verified: boolean;
  action: CallbackAction;
}

export interface RegisterResult {
  tenant: string;
  publicUrl: string;
  /** False when every callback was already there and verified, and the push secret existed. */
  changed: boolean;
  freshbooks: { url: string; callbacks: RegisteredCallback[] };
  coupa: { url: string; secretCreated: boolean };
}

interface RegisterOptions {
  /** Where serve is reached from the internet: `https://host[:port][/prefix]` (the CLI checks the flag). */
  publicUrl: string;
  /** How long to wait for FreshBooks to verify the callbacks through `serve`. */
  waitMs?: number;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Called whenever the count of verified callbacks changes. */
  onProgress?: (verified: number, total: number) => void;
  /** The tenant's FreshBooks client (default: from its stored connection). */
  freshbooksClient?: FreshBooksClient;
}

/** What made a fetch fail, in a word where there is one: fetch wraps the network error (ECONNREFUSED, …) as its cause. */
function fetchFailure(err: unknown): string {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  if (typeof cause === 'object' && cause !== null) {
    if ('code' in cause && typeof cause.code === 'string') return cause.code;
    if ('message' in cause && typeof cause.message === 'string') return cause.message;
  }
  return errorMessage(err);
}

/** Does anything answer `GET <public URL>/healthz` like ml-connector does? */
async function checkServe(publicUrl: string, doFetch: typeof fetch): Promise<string | undefined> {
  try {
    const res = await doFetch(`${publicUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    const body: unknown = await res.json().catch(() => undefined);
    const answersAsServe = typeof body === 'object' && body !== null && 'ok' in body && body.ok === true;
    if (res.ok && answersAsServe) return undefined;
    return `GET ${publicUrl}/healthz answered HTTP ${res.status}${res.ok ? ' but not as ml-connector serve does' : ''}`;
  } catch (err) {
    return `GET ${publicUrl}/healthz failed: ${fetchFailure(err)}`;
  }
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');
const sameUri = (a: string, b: string) => withoutTrailingSlash(a) === withoutTrailingSlash(b);

export async function registerWebhooks(scope: TenantScope, options: RegisterOptions): Promise<RegisterResult> {
  const { store } = scope;
  const clock = options.clock ?? systemClock;
  const tenant = await requireTenant(store.db, scope.tenantId);
  const publicUrl = withoutTrailingSlash(options.publicUrl);
  const url = freshbooksWebhookUrl(publicUrl, tenant.id);
  const client = options.freshbooksClient ?? (await freshbooksClientFor(scope));

  const unreachable = await checkServe(publicUrl, options.fetch ?? fetch);
  if (unreachable) {
    throw new WebhookSetupError(
      'serve_unreachable',
      `Nothing answers as ml-connector serve at ${publicUrl} (${unreachable}); FreshBooks' verification message would be lost, so no callback was registered.`,
      `Start \`ml-connector serve --public-url ${publicUrl}\` with the same --data-dir/--database-url as this command, make sure ${publicUrl} reaches it from the internet, then run this command again.`,
    );
  }

  const secret = await ensureCoupaPushSecret(scope, clock.now());
  await setWebhookEndpoint(store.db, tenant.id, publicUrl, clock.now());

  const existing = await client.callbacks.list();
  const callbacks: RegisteredCallback[] = [];
  for (const event of FRESHBOOKS_EVENTS) {
    const matches = existing.filter((cb) => cb.event === event && sameUri(cb.uri, url));
    const found = matches.find((cb) => cb.verified) ?? matches[0];
    if (!found) {
      const created = await client.callbacks.create(event, url);
      await recordCallback(store.db, { tenantId: tenant.id, callbackId: created.id, event: created.event, uri: created.uri }, clock.now());
      callbacks.push({ id: created.id, event, uri: created.uri, verified: false, action: 'created' });
      continue;
    }
    await recordCallback(store.db, { tenantId: tenant.id, callbackId: found.id, event: found.event, uri: found.uri }, clock.now());
    const local = await getCallback(store.db, tenant.id, found.id);
    if (found.verified && local?.verified && local.verifierSealed) {
      callbacks.push({ id: found.id, event, uri: found.uri, verified: true, action: 'kept' });
      continue;
    }
    // Not verified at FreshBooks, or verified but its key is not in this store: the
    // verification message is sent again, and serve keeps the key when it answers.
    await markCallbackUnverified(store.db, tenant.id, found.id, clock.now());
    await client.callbacks.resendVerification(found.id);
    callbacks.push({ id: found.id, event, uri: found.uri, verified: false, action: 'resent' });
  }

  if (callbacks.some((c) => !c.verified)) await waitForVerification(scope, client, publicUrl, callbacks, options, clock);
  return {
    tenant: tenant.id,
    publicUrl,
    changed: secret.created || callbacks.some((c) => c.action !== 'kept'),
    freshbooks: { url, callbacks },
    coupa: { url: coupaWebhookUrl(publicUrl, tenant.id), secretCreated: secret.created },
  };
}

/**
 * Waits until `serve` has stored every callback's verifier and FreshBooks lists each as
 * verified; then marks them verified in `callbacks`. Bounded by `options.waitMs`.
 */
async function waitForVerification(
  { store, tenantId }: TenantScope,
  client: FreshBooksClient,
  publicUrl: string,
  callbacks: RegisteredCallback[],
  options: RegisterOptions,
  clock: Clock,
): Promise<void> {
  const deadline = clock.now() + (options.waitMs ?? DEFAULT_VERIFY_WAIT_MS);
  const ids = new Set(callbacks.map((c) => c.id));
  let lastCount = -1;
  let remote: Callback[] = [];
  for (;;) {
    const local = (await listCallbacks(store.db, tenantId)).filter((c) => ids.has(c.callbackId) && c.verified && c.verifierSealed);
    if (local.length !== lastCount) {
      lastCount = local.length;
      options.onProgress?.(local.length, ids.size);
    }
    if (local.length === ids.size) {
      remote = await client.callbacks.list();
      if (callbacks.every((c) => remote.some((r) => r.id === c.id && r.verified))) {
        for (const c of callbacks) c.verified = true;
        return;
      }
    }
    if (clock.now() >= deadline) break;
    await clock.sleep(POLL_MS);
  }

  remote = await client.callbacks.list();
  const keyed = new Set((await listCallbacks(store.db, tenantId)).filter((c) => c.verified && c.verifierSealed).map((c) => c.callbackId));
  const waiting = callbacks.filter((c) => !keyed.has(c.id));
  const verifiedElsewhere = waiting.filter((c) => remote.some((r) => r.id === c.id && r.verified));
  const names = (list: RegisteredCallback[]) => list.map((c) => `${c.event} (#${c.id})`).join(', ');
  const seconds = Math.round((options.waitMs ?? DEFAULT_VERIFY_WAIT_MS) / 1000);
  if (waiting.length > 0 && verifiedElsewhere.length === waiting.length) {
    throw new WebhookSetupError(
      'webhooks_other_store',
      `FreshBooks verified ${names(waiting)}, but the serve at ${publicUrl} keeps its keys in another store than this command, so their deliveries cannot be checked here.`,
      'Run `ml-connector webhooks register` with the same --data-dir/--database-url (and master key) as serve.',
    );
  }
  throw new WebhookSetupError(
    'webhooks_not_verified',
    `FreshBooks did not complete the verification of ${names(waiting.length > 0 ? waiting : callbacks)} within ${seconds} s: its message did not reach ml-connector serve at ${publicUrl}, or serve could not answer it (see serve's log).`,
    `Make sure \`ml-connector serve --public-url ${publicUrl}\` runs with this command's --data-dir/--database-url and is reachable from the internet at ${publicUrl}, then run this command again: it sends the verification again and creates nothing twice.`,
  );
}

export interface WebhooksView {
  tenant: string;
  publicUrl: string | null;
  freshbooks: {
    url: string | null;
    callbacks: Array<{ id: string; event: string; uri: string; verified: boolean; verifiedAt: string | null }>;
  };
  coupa: {
    url: string | null;
    secret: string;
    secretCreatedAt: string;
    /** True when this call made the secret (the tenant had none, or it was rotated). */
    secretCreated: boolean;
    rotated: boolean;
    /** Rotated-out secrets still accepted (their values are not shown). */
    previousSecrets: Array<{ createdAt: string; acceptedUntil: string }>;
  };
}

/** What `webhooks show` prints; makes the Coupa push secret if the tenant has none, or a new one with `rotate`. */
export async function showWebhooks(
  scope: TenantScope,
  options: { publicUrl?: string; rotate?: boolean; now?: number } = {},
): Promise<WebhooksView> {
  const { store } = scope;
  const tenant = await requireTenant(store.db, scope.tenantId);
  const now = options.now ?? Date.now();
  const publicUrl =
    options.publicUrl !== undefined
      ? withoutTrailingSlash(options.publicUrl)
      : ((await getWebhookEndpoint(store.db, tenant.id))?.publicUrl ?? null);
  let secret: { secret: string; createdAt: number; created: boolean };
  if (options.rotate) {
    const rotated = await rotateCoupaPushSecret(scope, now);
    secret = { ...rotated.current, created: true };
  } else {
    secret = await ensureCoupaPushSecret(scope, now);
  }
  const previous = await listPreviousPushSecrets(store.db, tenant.id, now);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    tenant: tenant.id,
    publicUrl,
    freshbooks: {
      url: publicUrl ? freshbooksWebhookUrl(publicUrl, tenant.id) : null,
      callbacks: (await listCallbacks(store.db, tenant.id)).map((c) => ({
        id: c.callbackId,
        event: c.event,
        uri: c.uri,
        verified: c.verified && c.verifierSealed !== null,
        verifiedAt: c.verifiedAt === null ? null : iso(c.verifiedAt),
      })),
    },
    coupa: {
      url: publicUrl ? coupaWebhookUrl(publicUrl, tenant.id) : null,
      secret: secret.secret,
      secretCreatedAt: iso(secret.createdAt),
      secretCreated: secret.created,
      rotated: options.rotate === true,
      previousSecrets: previous.map((p) => ({ createdAt: iso(p.createdAt), acceptedUntil: iso(p.expiresAt) })),
    },
  };
}
