/**
 * What both providers' errors for an API answer share: the status, the request it answered
 * (method and redacted path) and the wait the server asked for. The transport decides on
 * another try from these facts alone, whichever provider answered (see transport.ts); each
 * provider's own classes (CoupaApiError, FreshBooksApiError and their kinds) add the rest.
 */
import { AppError } from '../lib/errors.js';
import type { ProviderName } from './http.js';

export interface AnswerFacts {
  status: number;
  method: string;
  /** Path and query, already redacted. */
  path: string;
  /** How long the server asked to wait (Retry-After, X-RateLimit-Reset), when it said. */
  retryAfterMs?: number | undefined;
}

export class ProviderApiError extends AppError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly provider: ProviderName,
    facts: AnswerFacts,
    code: string,
    message: string,
    hint: string,
  ) {
    super(code, message, hint);
    this.status = facts.status;
    this.method = facts.method;
    this.path = facts.path;
    this.retryAfterMs = facts.retryAfterMs;
  }
}
