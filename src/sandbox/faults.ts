/**
 * Fault injection shared by both simulators: latency, 5xx, 429 bursts, hangs, connection
 * resets and expired tokens, per run (CLI flags) or per route (admin API), repeatable by seed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { seededRandom, type Random } from '../lib/random.js';
import { asText } from './guards.js';

export type FaultKind = 'latency' | 'error' | 'rate_limit' | 'timeout' | 'reset' | 'expired_token';
const KINDS: readonly FaultKind[] = ['latency', 'error', 'rate_limit', 'timeout', 'reset', 'expired_token'];

export interface FaultRule {
  id?: string;
  kind: FaultKind;
  /** Only this HTTP method (any when absent). */
  method?: string;
  /** Path prefix; a trailing `*` is allowed and ignored. Any path when absent. */
  path?: string;
  /** Chance that a matching request is hit (default 1). */
  probability?: number;
  /** Hit only the next N matching requests, then the rule is spent. */
  times?: number;
  /** latency: fixed delay and uniform jitter added on top. */
  latencyMs?: number;
  jitterMs?: number;
  /** error: the status to answer (500, 502 or 503; default 503). */
  status?: number;
  /** rate_limit: the Retry-After to send, in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** How each simulator words its own failures, so an injected fault looks like the real one. */
export interface FaultResponses {
  unauthorized(reply: FastifyReply): void;
  tooManyRequests(reply: FastifyReply, retryAfterSeconds: number): void;
  serverError(reply: FastifyReply, status: number): void;
}

export class FaultSpecError extends Error {
  constructor(spec: string, problem: string) {
    super(
      `Bad fault spec '${spec}': ${problem}. Expected e.g. "kind=error,status=503,probability=0.2,path=/api/suppliers" with kind one of ${KINDS.join(', ')}.`,
    );
    this.name = 'FaultSpecError';
  }
}

/** Parses `kind=error,status=503,probability=0.1,path=/api/suppliers` (the CLI's --fault). */
export function parseFaultSpec(spec: string): FaultRule {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const [k, ...rest] = part.split('=');
    if (!k || rest.length === 0) throw new FaultSpecError(spec, `'${part}' is not key=value`);
    fields.set(k.trim(), rest.join('=').trim());
  }
  return validateFaultRule(Object.fromEntries(fields), spec);
}

const NUMERIC = ['probability', 'times', 'latencyMs', 'jitterMs', 'status', 'retryAfterSeconds'] as const;

export function validateFaultRule(input: Record<string, unknown>, label = JSON.stringify(input)): FaultRule {
  const kind = KINDS.find((k) => k === input.kind);
  if (kind === undefined) throw new FaultSpecError(label, `kind must be one of ${KINDS.join(', ')}`);
  const rule: FaultRule = { kind };
  if (input.method !== undefined) rule.method = asText(input.method).toUpperCase();
  if (input.path !== undefined) rule.path = asText(input.path);
  for (const key of NUMERIC) {
    if (input[key] === undefined) continue;
    const n = Number(input[key]);
    if (!Number.isFinite(n) || n < 0) throw new FaultSpecError(label, `${key} must be a non-negative number`);
    rule[key] = n;
  }
  if (rule.probability !== undefined && rule.probability > 1) throw new FaultSpecError(label, 'probability must be between 0 and 1');
  if (rule.kind === 'error' && rule.status !== undefined && (rule.status < 500 || rule.status > 599)) {
    throw new FaultSpecError(label, 'status must be a 5xx code');
  }
  return rule;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== method) return false;
  if (rule.path) {
    const prefix = rule.path.endsWith('*') ? rule.path.slice(0, -1) : rule.path;
    if (!path.startsWith(prefix)) return false;
  }
  return true;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private readonly random: Random;
  /** Sockets held open by `timeout` faults, released when the server closes. */
  private readonly hung = new Set<{ destroy(): void }>();

  constructor(
    private readonly responses: FaultResponses,
    options: { seed?: number; rules?: FaultRule[] } = {},
  ) {
    this.random = seededRandom(options.seed ?? 1);
    for (const rule of options.rules ?? []) this.add(rule);
  }

  add(rule: FaultRule): FaultRule {
    const stored = { ...rule, id: rule.id ?? `f${this.nextId++}` };
    this.rules.push(stored);
    return stored;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Ends every hanging request (call on shutdown). */
  releaseHung(): void {
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
  }

  private take(rule: FaultRule): boolean {
    if (!this.random.chance(rule.probability ?? 1)) return false;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return true;
  }

  /** Fastify onRequest hook. Admin and control routes (`/_sandbox/…`) are never faulted. */
  readonly hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/_sandbox')) return;
    let delay = 0;
    for (const rule of [...this.rules]) {
      if (!matches(rule, request.method, path)) continue;
      if (rule.kind === 'latency') {
        if (this.take(rule)) delay += (rule.latencyMs ?? 0) + Math.floor(this.random.next() * (rule.jitterMs ?? 0));
        continue;
      }
      if (!this.take(rule)) continue;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      switch (rule.kind) {
        case 'error': {
          this.responses.serverError(reply, rule.status ?? 503);
          return;
        }
        case 'rate_limit': {
          this.responses.tooManyRequests(reply, rule.retryAfterSeconds ?? 1);
          return;
        }
        case 'expired_token': {
          this.responses.unauthorized(reply);
          return;
        }
        case 'reset':
          request.raw.socket.destroy();
          return reply.hijack();
        case 'timeout': {
          // Never answer: the client's own timeout must fire.
          const socket = request.raw.socket;
          this.hung.add(socket);
          socket.once('close', () => this.hung.delete(socket));
          return reply.hijack();
        }
      }
    }
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  };
}
