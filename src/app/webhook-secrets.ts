/**
 * The webhook keys of a tenant in clear, for the moment they are used: FreshBooks callback
 * verifiers and Coupa push secrets, sealed by the vault in the store (each bound to its
 * purpose, so one sealed value cannot stand in for another). Nothing here logs a key.
 */
import { AppError } from '../lib/errors.js';
import { generateSecret } from '../providers/coupa/webhook.js';
import { withWriteTransaction } from '../store/db.js';
import {
  getCurrentPushSecret,
  insertPushSecretIfNone,
  listAcceptedPushSecrets,
  rotatePushSecret,
  type PushSecretRow,
} from '../store/queries/coupa-push-secrets.js';
import type { Vault } from '../vault/vault.js';
import type { TenantScope } from './tenant-scope.js';

/** How long a rotated-out Coupa push secret is still accepted. */
export const COUPA_SECRET_GRACE_MS = 24 * 60 * 60_000;

const PUSH_SECRET_PURPOSE = 'webhook:coupa-push-secret';
const verifierPurpose = (callbackId: string) => `webhook:freshbooks-verifier:${callbackId}`;

/** A webhook key that opens (right key, intact) but is not the string it should be. */
class WebhookKeyUnreadableError extends AppError {
  constructor(tenantId: string, what: string) {
    super(
      'webhook_key_unreadable',
      `The stored ${what} of tenant '${tenantId}' cannot be read (it is not a key).`,
      `Make a new one: \`ml-connector webhooks register --tenant ${tenantId} …\` for FreshBooks callbacks, \`ml-connector webhooks show --tenant ${tenantId} --rotate-coupa-secret\` for the Coupa push secret.`,
    );
  }
}

async function openKey(vault: Vault, tenantId: string, purpose: string, sealed: string, what: string): Promise<string> {
  const value = await vault.open(tenantId, purpose, sealed);
  if (typeof value !== 'string') throw new WebhookKeyUnreadableError(tenantId, what);
  return value;
}

export function sealVerifier(scope: TenantScope, callbackId: string, verifier: string): Promise<string> {
  return scope.vault.seal(scope.tenantId, verifierPurpose(callbackId), verifier);
}

export function openVerifier(scope: TenantScope, callbackId: string, sealed: string): Promise<string> {
  return openKey(scope.vault, scope.tenantId, verifierPurpose(callbackId), sealed, `verifier of FreshBooks callback ${callbackId}`);
}

export interface PushSecret {
  /** Row id (safe to show and audit). */
  id: string;
  /** The `whsec_…` value. */
  secret: string;
  createdAt: number;
  /** Null for the current secret; otherwise accepted until then. */
  expiresAt: number | null;
}

async function opened(vault: Vault, row: PushSecretRow): Promise<PushSecret> {
  return {
    id: row.id,
    secret: await openKey(vault, row.tenantId, PUSH_SECRET_PURPOSE, row.sealed, 'Coupa push secret'),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** The tenant's current push secret, made now if it has none. */
export async function ensureCoupaPushSecret(scope: TenantScope, now = Date.now()): Promise<PushSecret & { created: boolean }> {
  const { store, vault, tenantId } = scope;
  const existing = await getCurrentPushSecret(store.db, tenantId);
  if (existing) return { ...(await opened(vault, existing)), created: false };
  const sealed = await vault.seal(tenantId, PUSH_SECRET_PURPOSE, generateSecret());
  // Another process may have made one meanwhile: then that one is the secret.
  const { row, created } = await insertPushSecretIfNone(store.db, tenantId, sealed, now);
  return { ...(await opened(vault, row)), created };
}

/** A new current secret; the old one stays accepted for `graceMs`. */
export async function rotateCoupaPushSecret(
  scope: TenantScope,
  now = Date.now(),
  graceMs = COUPA_SECRET_GRACE_MS,
): Promise<{ current: PushSecret; previousAcceptedUntil: number | null }> {
  const { store, vault, tenantId } = scope;
  const sealed = await vault.seal(tenantId, PUSH_SECRET_PURPOSE, generateSecret());
  const { current, previous } = await withWriteTransaction(store, (tx) => rotatePushSecret(tx, tenantId, sealed, graceMs, now));
  return { current: await opened(vault, current), previousAcceptedUntil: previous?.expiresAt ?? null };
}

/** Every secret a push may be signed with at `now`: the current one first. */
export async function acceptedCoupaPushSecrets(scope: TenantScope, now = Date.now()): Promise<PushSecret[]> {
  const rows = await listAcceptedPushSecrets(scope.store.db, scope.tenantId, now);
  return Promise.all(rows.map((r) => opened(scope.vault, r)));
}
