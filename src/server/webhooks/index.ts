/**
 * The webhook receivers as one route module: `POST /webhooks/freshbooks/{tenant}` and
 * `POST /webhooks/coupa/{tenant}`. Their bodies are kept as the raw text (signatures are
 * checked on what arrived), capped at the body limit (413). Every reply is JSON:
 * `{ok, delivery, duplicate}` on 200, `{error: {code, message}}` otherwise.
 *
 *   webhookRoutes()                         what `serve` mounts
 *   webhookRoutes({ inboxBound: 2 })        tests: a small inbox, a moved clock, …
 */
import type { RouteModule } from '../app.js';
import { WEBHOOK_BODY_LIMIT, DEFAULT_INBOX_BOUND } from './constants.js';
import { coupaWebhookRoute } from './coupa.js';
import { freshbooksWebhookRoute } from './freshbooks.js';
import { sendError, type Intake, type WebhookRouteOptions } from './intake.js';

export type { WebhookRouteOptions } from './intake.js';

export function webhookRoutes(options: WebhookRouteOptions = {}): RouteModule {
  return (app, deps) => {
    const intake: Intake = {
      deps,
      inboxBound: options.inboxBound ?? DEFAULT_INBOX_BOUND,
      bodyLimit: options.bodyLimit ?? WEBHOOK_BODY_LIMIT,
      now: options.now ?? Date.now,
    };
    app.register((scope, _options, registered) => {
      // Whatever the content type, the body arrives as the text that was sent.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
        done(null, body);
      });
      scope.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
        if (err.statusCode === 413)
          return sendError(reply, 413, 'body_too_large', `The body is larger than ${intake.bodyLimit} bytes. Nothing was stored.`);
        if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
          return sendError(reply, 400, 'malformed', `The request could not be read (${err.code ?? err.statusCode}). Nothing was stored.`);
        }
        deps.logger.error({ err, path: request.url.split('?')[0] }, 'webhook receiver failed');
        return sendError(reply, 500, 'internal', 'The delivery could not be stored; send it again. See the service log.');
      });
      freshbooksWebhookRoute(scope, intake, options);
      coupaWebhookRoute(scope, intake);
      registered();
    });
  };
}
