/**
 * FreshBooks words the same failure differently per API family (docs/api-notes.md#freshbooks-errors-and-rate-limits), and clients
 * must parse every shape. Handlers throw the typed errors below; `renderError` writes each in
 * its family's wire shape.
 *
 * Accounting has two coexisting shapes. We use the new google.rpc shape for 401, 403, 404,
 * 429 and 5xx, and the old `response.errors` shape for validation and paging errors, so a
 * client meets both.
 */
import type { FastifyReply } from 'fastify';
import type { FaultResponses } from '../faults.js';

type Family = 'accounting' | 'events' | 'identity' | 'oauth' | 'control';

export function familyOf(url: string): Family {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/accounting/')) return 'accounting';
  if (path.startsWith('/events/')) return 'events';
  if (path.startsWith('/auth/api/')) return 'identity';
  if (path.startsWith('/_sandbox')) return 'control';
  return 'oauth';
}

/** One field-level problem, as in the old accounting shape. */
export interface FieldError {
  errno: number;
  field: string;
  message: string;
  object: string;
  value?: string;
}

export const ERRNO = {
  RequiredField: 1001,
  AccessDenied: 1003,
  InvalidValue: 1004,
  ParseError: 1005,
  DeletedResource: 1011,
  UnknownResource: 1012,
  InvalidPerPage: 1013,
  InvalidPage: 1014,
  MaxLengthExceeded: 1017,
  InvalidPercentValue: 1018,
  MappingErrorDate: 1033,
  InvalidNegativeValue: 1025,
} as const;

export abstract class SandboxHttpError extends Error {
  abstract readonly status: number;
}

/** Unknown id in the path → 404 / errno 1012. */
export class NotFoundError extends SandboxHttpError {
  readonly status = 404;
  constructor(
    readonly object: string,
    readonly field: string,
    readonly value: string,
  ) {
    // "Client not found." style: the object name, humanised.
    const name = object.replace(/_/g, ' ');
    super(`${name.charAt(0).toUpperCase()}${name.slice(1)} not found.`);
  }
}

/**
 * Bad body fields. Choice FB-14 (docs/api-notes.md): 422 on accounting (the request parsed,
 * its content is wrong); events validation is 400.
 */
export class ValidationError extends SandboxHttpError {
  readonly status = 422;
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** Bad query parameters (page, per_page, search values): 400 in the old accounting shape. */
export class BadQueryError extends SandboxHttpError {
  readonly status = 400;
  constructor(readonly error: FieldError) {
    super(error.message);
  }
}

export class UnauthenticatedError extends SandboxHttpError {
  readonly status = 401;
  constructor() {
    super('unauthenticated');
  }
}

class ForbiddenError extends SandboxHttpError {
  readonly status = 403;
  constructor(
    message: string,
    /** What was refused: `scope` (missing scope) or `account` (not a member of the account). */
    readonly object: 'scope' | 'account',
    readonly value: string,
  ) {
    super(message);
  }
}

/** Choice FB-12 (docs/api-notes.md): the 403 lists the scopes required and the scopes held. */
export function insufficientScope(have: readonly string[], need: readonly string[]): ForbiddenError {
  return new ForbiddenError(
    `Insufficient scope. This request requires: ${need.join(' ')}. Your token has: ${have.join(' ') || '(none)'}.`,
    'scope',
    need.join(' '),
  );
}

/** Choice FB-13 (docs/api-notes.md): an account the user is not a member of is 403 / errno 1003. */
export function accountDenied(accountId: string): ForbiddenError {
  return new ForbiddenError(`The authenticated user does not have access to account ${accountId}.`, 'account', accountId);
}

export class RateLimitedError extends SandboxHttpError {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Retry after ${retryAfterSeconds} seconds.`);
  }
}

/** Token-endpoint errors, OAuth style (Doorkeeper wording, which FreshBooks' invalid_grant text matches). */
class OAuthError extends SandboxHttpError {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const OAUTH_TEXT = {
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant: 'The provided authorization grant is invalid, expired, or revoked.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  unsupported_response_type: 'The authorization server does not support this response type.',
} as const;

export const oauthError = (error: keyof typeof OAUTH_TEXT, status = 400) => new OAuthError(status, error, OAUTH_TEXT[error]);

/** Control-API errors: plain JSON, since no FreshBooks client reads them. */
export class ControlError extends SandboxHttpError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const RPC_CODE: Record<number, number> = { 401: 16, 403: 7, 404: 5, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4 };

function rpcError(status: number, reason: string, metadata: Record<string, string>) {
  return {
    code: RPC_CODE[status] ?? 2,
    message: `Request failed with status_code: ${status}`,
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'accounting.api.freshbooks.com', metadata }],
  };
}

const oldStyle = (errors: FieldError[]) => ({ response: { errors } });

const INVALID_TOKEN = 'The server could not verify that you are authorized to access the URL requested.';
const EVENTS_UNPROCESSABLE = 'The request was well-formed but was unable to be followed due to semantic errors.';

function renderError(err: SandboxHttpError, family: Family): { status: number; body: unknown } {
  const status = err instanceof ValidationError && family === 'events' ? 400 : err.status;
  if (family === 'control') {
    const body = err instanceof ValidationError ? { error: 'validation', errors: err.errors } : { error: err.message };
    return { status, body };
  }
  if (err instanceof OAuthError) return { status, body: { error: err.error, error_description: err.description } };
  switch (family) {
    case 'accounting':
      if (err instanceof ValidationError) return { status, body: oldStyle(err.errors) };
      if (err instanceof BadQueryError) return { status, body: oldStyle([err.error]) };
      if (err instanceof NotFoundError) {
        return { status, body: rpcError(404, '1012', { object: err.object, message: err.message, value: err.value, field: err.field }) };
      }
      if (err instanceof UnauthenticatedError) return { status, body: rpcError(401, '1003', { message: INVALID_TOKEN }) };
      if (err instanceof ForbiddenError) {
        return { status, body: rpcError(403, '1003', { message: err.message, object: err.object, field: err.object, value: err.value }) };
      }
      // Choice FB-15 (docs/api-notes.md): 429 and 5xx in the rpc shape, 5xx with errno 500 (FreshAlchemyUnexpected).
      return { status, body: rpcError(status, status >= 500 ? '500' : String(status), { message: err.message }) };
    case 'events':
      if (err instanceof ValidationError) {
        return { status, body: { errno: 422, message: EVENTS_UNPROCESSABLE, details: err.errors.map((e) => `${e.field}: ${e.message}`) } };
      }
      if (err instanceof BadQueryError)
        return { status, body: { errno: 400, message: err.message, details: [`${err.error.field}: ${err.message}`] } };
      if (err instanceof NotFoundError) return { status, body: { errno: 404, message: 'Requested resource could not be found.' } };
      if (err instanceof UnauthenticatedError) {
        return { status, body: { errno: 401, message: 'invalid_token: The request token failed to authenticate or validate.' } };
      }
      if (err instanceof ForbiddenError) return { status, body: { errno: 403, message: `insufficient_scope: ${err.message}` } };
      return { status, body: { errno: status, message: err.message } };
    default:
      if (err instanceof UnauthenticatedError) {
        return { status, body: { error: 'unauthenticated', error_description: 'This action requires authentication to continue.' } };
      }
      if (err instanceof ForbiddenError) return { status, body: { error: 'insufficient_scope', error_description: err.message } };
      if (err instanceof RateLimitedError) return { status, body: { error: 'rate_limited', error_description: err.message } };
      if (err instanceof NotFoundError)
        return { status, body: { error: 'not_found', error_description: 'The requested resource could not be found.' } };
      if (err instanceof BadQueryError) return { status, body: { error: 'invalid_request', error_description: err.message } };
      return { status, body: { error: 'server_error', error_description: err.message } };
  }
}

export class ServerError extends SandboxHttpError {
  constructor(readonly status: number) {
    super(status === 500 ? 'An unexpected error occurred.' : 'The service is temporarily unavailable. Please try again later.');
  }
}

export function sendError(reply: FastifyReply, err: SandboxHttpError): FastifyReply {
  const { status, body } = renderError(err, familyOf(reply.request.url));
  if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** How injected faults read: the same shapes as the real failures of each family. */
export const freshBooksFaultResponses: FaultResponses = {
  unauthorized: (reply) => void sendError(reply, new UnauthenticatedError()),
  tooManyRequests: (reply, retryAfterSeconds) => void sendError(reply, new RateLimitedError(retryAfterSeconds)),
  serverError: (reply, status) => void sendError(reply, new ServerError(status)),
};
