/**
 * How injected faults look when they come from "Coupa": an expired-token 401 and a 429 in
 * Coupa's error shape; a 500 from the application in Coupa's error shape; 502/503 from the load
 * balancer in front of it as an HTML page (so a client that assumes every body is JSON or XML
 * is caught).
 */
import type { FastifyReply } from 'fastify';
import { unauthorized } from './auth.js';
import { CoupaApiError } from './errors.js';
import type { FaultResponses } from '../faults.js';
import { formatOf, sendError } from './respond.js';

// Choice CP-10 (docs/api-notes.md): 502/503 answer an HTML gateway page, 500 Coupa's error shape.
const gatewayPage = (status: number) =>
  `<!DOCTYPE html>\n<html>\n<head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</title></head>\n<body>\n<center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable'}</h1></center>\n</body>\n</html>\n`;

export const coupaFaultResponses: FaultResponses = {
  unauthorized(reply: FastifyReply) {
    sendError(reply, formatOf(reply.request), unauthorized('invalid_token', 'The access token expired'));
  },
  tooManyRequests(reply: FastifyReply, retryAfterSeconds: number) {
    sendError(
      reply,
      formatOf(reply.request),
      new CoupaApiError(429, 'base', ['Rate limit exceeded'], { 'retry-after': String(retryAfterSeconds) }),
    );
  },
  serverError(reply: FastifyReply, status: number) {
    if (status === 502 || status === 503 || status === 504) {
      reply.code(status).type('text/html; charset=utf-8').send(gatewayPage(status));
      return;
    }
    sendError(reply, formatOf(reply.request), new CoupaApiError(status, 'base', ["We're sorry, but something went wrong."]));
  },
};
