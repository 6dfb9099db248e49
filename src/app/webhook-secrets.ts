/**
 * The webhook keys of a tenant in clear, for the moment they are used: FreshBooks callback
 * verifiers and Coupa push secrets, sealed by the vault in the store (each bound to its
 * purpose, so one sealed value cannot stand in for another). Nothing here logs a key.
 */
import { generateSecret } from '../providers/coupa/webhook.js';
import { withWriteTransaction, type Store } from '../store/db.js';
import {
  getCurrentPushSecret,
  insertPushSecretIfNone,
  listAcceptedPushSecrets,
  rotatePushSecret,
  type PushSecretRow,
} from '../store/queries/coupa-push-secrets.js';
import type { Vault } from '../vault/vault.js';

/** How long a rotated-out Coupa push secret is still accepted. */
export const COUPA_SECRET_GRACE_MS = 24 * 60 * 60_000;

const PUSH_SECRET_PURPOSE = 'webhook:coupa-push-secret';
const verifierPurpose = (callbackId: string) => `webhook:freshbooks-verifier:${callbackId}`;

export function sealVerifier(vault: Vault, tenantId: string, callbackId: string, verifier: string): Promise<string> {
  return vault.seal(tenantId, verifierPurpose(callbackId), verifier);
}

export function openVerifier(vault: Vault, tenantId: string, callbackId: string, sealed: string): Promise<string> {
  return vault.open<string>(tenantId, verifierPurpose(callbackId), sealed);
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
    secret: await vault.open<string>(row.tenantId, PUSH_SECRET_PURPOSE, row.sealed),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

/** The tenant's current push secret, made now if it has none. */
export async function ensureCoupaPushSecret(
  store: Store,
  vault: Vault,
  tenantId: string,
  now = Date.now(),
): Promise<PushSecret & { created: boolean }> {
  const existing = await getCurrentPushSecret(store.db, tenantId);
  if (existing) return { ...(await opened(vault, existing)), created: false };
  const sealed = await vault.seal(tenantId, PUSH_SECRET_PURPOSE, generateSecret());
  // Another process may have made one meanwhile: then that one is the secret.
  const { row, created } = await insertPushSecretIfNone(store.db, tenantId, sealed, now);
  return { ...(await opened(vault, row)), created };
}

/** A new current secret; the old one stays accepted for `graceMs`. */
export async function rotateCoupaPushSecret(
  store: Store,
  vault: Vault,
  tenantId: string,
  now = Date.now(),
  graceMs = COUPA_SECRET_GRACE_MS,
): Promise<{ current: PushSecret; previousAcceptedUntil: number | null }> {
  const sealed = await vault.seal(tenantId, PUSH_SECRET_PURPOSE, generateSecret());
  const { current, previous } = await withWriteTransaction(store, (tx) => rotatePushSecret(tx, tenantId, sealed, graceMs, now));
  return { current: await opened(vault, current), previousAcceptedUntil: previous?.expiresAt ?? null };
}

/** Every secret a push may be signed with at `now`: the current one first. */
export async function acceptedCoupaPushSecrets(store: Store, vault: Vault, tenantId: string, now = Date.now()): Promise<PushSecret[]> {
  const rows = await listAcceptedPushSecrets(store.db, tenantId, now);
  return Promise.all(rows.map((r) => opened(vault, r)));
}
