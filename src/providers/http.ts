/**
 * One try on the wire, for the transport (transport.ts) under both clients: fetch with a
 * timeout, network failures turned into typed errors a person can act on, and a hook that
 * records every call (method, path, status, duration, attempt) for the audit trail —
 * redacted before it leaves this module.
 */
import { AppError } from '../lib/errors.js';
import { redactText } from '../lib/redact.js';
import { systemClock, type Clock } from '../lib/clock.js';

export type ProviderName = 'coupa' | 'freshbooks';

export interface HttpCall {
  provider: ProviderName;
  method: string;
  /** Path and query, secrets masked. */
  path: string;
  status?: number;
  error?: string;
  durationMs: number;
  attempt: number;
}

export type CallRecorder = (call: HttpCall) => void;

interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Which try this is (1 for the first), for the call record. */
  attempt?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** The host could not be reached at all (refused, unknown, reset): nothing was answered. */
export class NetworkError extends AppError {
  constructor(
    readonly provider: ProviderName,
    readonly url: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(
      'network',
      `Cannot reach ${providerLabel(provider)} at ${origin(url)}: ${reason}.`,
      'Check the URL and that the host is up and reachable from here.',
      { cause },
    );
  }

  /** True when the request surely never reached the server (so even a write may be sent again). */
  get unsent(): boolean {
    return this.reason === 'connection refused' || this.reason === 'unknown host';
  }
}

export class TimeoutError extends AppError {
  constructor(
    readonly provider: ProviderName,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(
      'timeout',
      `${providerLabel(provider)} did not answer ${origin(url)} within ${timeoutMs / 1000} s.`,
      'It may be overloaded; the request will be retried later.',
    );
  }
}

/** The caller gave up on the call (a job that lost its lease, a shutdown): not the provider's fault, never retried. */
export class CallAbortedError extends AppError {
  constructor(
    readonly provider: ProviderName,
    readonly url: string,
  ) {
    super('aborted', `The call to ${providerLabel(provider)} (${origin(url)}) was stopped by ml-connector before it finished.`);
  }
}

function providerLabel(provider: ProviderName): string {
  return provider === 'coupa' ? 'Coupa' : 'FreshBooks';
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** fetch's TypeError carries the system error (code, message) as its cause. */
function causeOf(err: unknown): { code?: unknown; message?: unknown } | undefined {
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  return typeof cause === 'object' && cause !== null ? cause : undefined;
}

function describeNetworkFailure(err: unknown): string {
  const cause = causeOf(err);
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      if (typeof cause?.message === 'string') return cause.message;
      return err instanceof Error && err.message !== '' ? err.message : 'network error';
  }
}

interface HttpOptions {
  provider: ProviderName;
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  recorder?: CallRecorder;
  /** Aborts the call (the caller gave up on it). */
  signal?: AbortSignal | undefined;
}

export async function send(options: HttpOptions, request: HttpRequest): Promise<HttpResponse> {
  const clock = options.clock ?? systemClock;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = clock.now();
  const parsed = new URL(request.url);
  const call: HttpCall = {
    provider: options.provider,
    method: request.method,
    path: redactText(parsed.pathname + parsed.search),
    durationMs: 0,
    attempt: request.attempt ?? 1,
  };
  try {
    const res = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    call.status = res.status;
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (options.signal?.aborted) {
      call.error = 'aborted';
      throw new CallAbortedError(options.provider, request.url);
    }
    if (name === 'TimeoutError' || name === 'AbortError') {
      call.error = 'timeout';
      throw new TimeoutError(options.provider, request.url, timeoutMs);
    }
    const reason = describeNetworkFailure(err);
    call.error = reason;
    throw new NetworkError(options.provider, request.url, reason, err);
  } finally {
    call.durationMs = clock.now() - started;
    options.recorder?.(call);
  }
}

/** Parses a JSON body, or returns undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
