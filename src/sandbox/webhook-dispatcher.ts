/**
 * Outbound webhook deliveries of a simulator: sent in the background, retried when the
 * receiver fails, and open to faults (delay, duplicates, reordering) so receivers can be
 * tested against the ways real senders misbehave.
 */
import { seededRandom, type Random } from '../lib/random.js';
import { isRecord, itemAt } from './guards.js';

interface OutboundWebhook {
  url: string;
  /** Called for every attempt, so a scheme that signs a timestamp signs afresh. */
  build(): { headers: Record<string, string>; body: string };
  /** Shown in the attempt log (e.g. "bill.update 42"). */
  label: string;
}

export interface WebhookFaults {
  /** Hold every delivery this long before its first attempt. */
  delayMs?: number;
  /** Chance that a delivery is sent twice. */
  duplicateRate?: number;
  /** Collect this many deliveries, then send them in a shuffled order. */
  reorderWindow?: number;
}

const FAULT_KEYS = ['delayMs', 'duplicateRate', 'reorderWindow'] as const;

export class WebhookFaultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookFaultsError';
  }
}

/** Webhook faults from a JSON body (`PUT /_sandbox/webhook-faults`): non-negative numbers, other keys ignored. */
export function readWebhookFaults(body: unknown): WebhookFaults {
  const input = isRecord(body) ? body : {};
  const faults: WebhookFaults = {};
  for (const key of FAULT_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || n < 0) throw new WebhookFaultsError(`${key} must be a non-negative number, got ${JSON.stringify(value)}`);
    faults[key] = n;
  }
  return faults;
}

interface WebhookAttempt {
  label: string;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
}

interface DispatcherOptions {
  /** Waits between attempts; the delivery is dropped after the last one fails. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  seed?: number;
  faults?: WebhookFaults;
}

export class WebhookDispatcher {
  readonly attempts: WebhookAttempt[] = [];
  private faults: WebhookFaults;
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;
  private readonly random: Random;
  private pending = 0;
  private held: OutboundWebhook[] = [];
  private heldTimer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(options: DispatcherOptions = {}) {
    this.retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.random = seededRandom(options.seed ?? 7);
    this.faults = options.faults ?? {};
  }

  setFaults(faults: WebhookFaults): void {
    this.faults = { ...faults };
  }

  getFaults(): WebhookFaults {
    return { ...this.faults };
  }

  send(hook: OutboundWebhook): void {
    if (this.closed) return;
    const copies = this.random.chance(this.faults.duplicateRate ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.pending += 1;
      const window = this.faults.reorderWindow ?? 0;
      if (window > 1) this.hold(hook, window);
      else this.schedule(hook, 1, this.faults.delayMs ?? 0);
    }
  }

  /** Resolves once every queued delivery has succeeded or used up its attempts. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.pending = 0;
    this.held = [];
    this.settle();
  }

  private hold(hook: OutboundWebhook, window: number): void {
    this.held.push(hook);
    if (this.held.length >= window) {
      this.flushHeld();
      return;
    }
    // A partial window is still sent, a little later, so nothing waits forever.
    this.heldTimer ??= setTimeout(() => {
      this.flushHeld();
    }, 200);
  }

  private flushHeld(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    const batch = this.held;
    this.held = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random.next() * (i + 1));
      const [a, b] = [itemAt(batch, i, 'held webhook'), itemAt(batch, j, 'held webhook')];
      batch[i] = b;
      batch[j] = a;
    }
    for (const hook of batch) this.schedule(hook, 1, this.faults.delayMs ?? 0);
  }

  private schedule(hook: OutboundWebhook, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(hook, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(hook: OutboundWebhook, attempt: number): Promise<void> {
    if (this.closed) return;
    const { headers, body } = hook.build();
    const record: WebhookAttempt = { label: hook.label, url: hook.url, attempt, at: Date.now() };
    try {
      const res = await fetch(hook.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    this.attempts.push(record);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run during the fetch.
    if (this.closed) return;
    const ok = record.status !== undefined && record.status >= 200 && record.status < 300;
    const wait = this.retryDelaysMs[attempt - 1];
    if (!ok && wait !== undefined) {
      this.schedule(hook, attempt + 1, wait);
      return;
    }
    this.pending -= 1;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
