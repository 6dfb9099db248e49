/** An audit trail as a readable timeline: one line per event, what happened in words. */
import type { AuditEvent } from '../store/queries/audit.js';

/** A detail value as text: nothing for null, the value for scalars, JSON for anything else. */
function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function describe(e: AuditEvent): string {
  const d = e.detail;
  switch (e.kind) {
    case 'webhook.received':
      return `received ${str(d.event)}${d.objectId ? ` for ${str(d.objectType)} ${str(d.objectId)}` : ''}${d.remoteAddr ? ` from ${str(d.remoteAddr)}` : ''}`;
    case 'webhook.verified':
      return `signature verified${d.callbackId ? ` (callback ${str(d.callbackId)})` : ''}${d.secret ? ` (${str(d.secret)} secret)` : ''}`;
    case 'webhook.duplicate':
      return `duplicate received and ignored${d.remoteAddr ? ` (from ${str(d.remoteAddr)})` : ''}`;
    case 'security.bad_signature':
      return `REFUSED: ${str(d.reason)} on ${str(d.path)} from ${str(d.remoteAddr)}`;
    case 'processing.started':
      return `processing, try ${str(d.attempt)} (${str(d.worker)})`;
    case 'api.call': {
      const side = d.provider === 'coupa' ? 'Coupa' : 'FreshBooks';
      const result = d.status !== null && d.status !== undefined ? str(d.status) : str(d.error);
      return `  ${side} ${str(d.method)} ${str(d.path)} → ${result} (${str(d.durationMs)} ms${Number(d.attempt) > 1 ? `, try ${str(d.attempt)}` : ''})`;
    }
    case 'write':
      return `  wrote: ${str(d.action)} ${str(d.linkKind)} (Coupa ${str(d.coupaId)}${d.freshbooksId ? ` ↔ FreshBooks ${str(d.freshbooksId)}` : ''})`;
    case 'processing.succeeded':
      return `done: ${str(d.result)} — ${str(d.detail)} (${str(d.writes)} write(s))`;
    case 'processing.failed':
      return `failed: ${str(d.error)}; next try at ${str(d.retryAt)}`;
    case 'processing.dead':
      return `DEAD after ${str(d.attempt)} tries: ${str(d.error)} — replay it with \`ml-connector deliveries replay ${str(e.deliveryId)}\``;
    case 'replay.requested':
      return `replay requested by ${str(d.by)} (was ${str(d.previousStatus)})`;
    case 'sync.completed':
      return `sync (${str(d.only)}) finished: ${str(d.writes)} write(s), ${str(d.failures)} failure(s)`;
    default:
      return `${e.kind} ${JSON.stringify(d)}`;
  }
}

export function renderTimeline(events: AuditEvent[]): string {
  if (events.length === 0) return 'No audit events.';
  return events
    .map((e) => {
      const at = new Date(e.at).toISOString().replace('T', ' ').replace('Z', '');
      const who = e.deliveryId ? ` ${e.deliveryId}` : '';
      return `${at}${who}  ${describe(e)}`;
    })
    .join('\n');
}
