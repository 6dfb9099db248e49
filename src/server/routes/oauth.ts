/**
 * `GET /oauth/freshbooks/callback?code&state` — where FreshBooks sends the browser after a
 * person approves (or declines) access. The `state` must be one this service handed out
 * (10 minutes, single use); the code is exchanged at once, the identity read, the business
 * chosen (the account id given when the URL was made, else the only one), the tokens stored
 * encrypted. Every outcome is a small HTML page saying what happened and what to do next;
 * no page ever shows a token, a code or the secret.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BusinessChoiceError, finishConnection, openOAuthState, type ConnectedFreshBooks } from '../../app/freshbooks-connect.js';
import { FRESHBOOKS_CALLBACK_PATH } from '../../app/endpoints.js';
import { hintFor } from '../../app/hints.js';
import { AppError, errorMessage } from '../../lib/errors.js';
import { redactText } from '../../lib/redact.js';
import { DEFAULT_API_URL, DEFAULT_AUTH_URL, exchangeCode } from '../../providers/freshbooks/auth.js';
import { takeOAuthState, type OAuthStateRow } from '../../store/queries/oauth-states.js';
import type { RouteModule } from '../app.js';

/** What the browser brings back; each is checked to be a single string before use (a repeated key arrives as an array). */
interface CallbackQuery {
  code?: unknown;
  state?: unknown;
  error?: unknown;
  error_description?: unknown;
}

const HTML_ENTITIES = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES.get(c) ?? c);

/** A small self-contained page; `body` items are paragraphs of plain text, `code` ones are commands. */
function page(title: string, parts: Array<string | { code: string } | { list: string[] }>): string {
  const html = parts
    .map((p) =>
      typeof p === 'string'
        ? `<p>${escapeHtml(p)}</p>`
        : 'code' in p
          ? `<pre><code>${escapeHtml(p.code)}</code></pre>`
          : `<ul>${p.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>ml-connector — ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1f23}
h1{font-size:1.4rem}pre{background:#f3f4f6;padding:.75rem;overflow-x:auto;border-radius:4px}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${html}
</body></html>
`;
}

function send(reply: FastifyReply, status: number, title: string, parts: Parameters<typeof page>[1]): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(page(title, parts));
}

/** The connect command to run again, filled in with what the link was made with (never the secret). */
function restart(row?: OAuthStateRow): string {
  if (!row)
    return 'ml-connector connect freshbooks --tenant <tenant> --client-id <client id> --client-secret <client secret> --redirect-uri <redirect uri>';
  const extra = [
    row.authUrl !== DEFAULT_AUTH_URL ? ` --auth-url ${row.authUrl}` : '',
    row.apiUrl !== DEFAULT_API_URL ? ` --api-url ${row.apiUrl}` : '',
  ].join('');
  return `ml-connector connect freshbooks --tenant ${row.tenantId} --client-id ${row.clientId} --client-secret <client secret> --redirect-uri ${row.redirectUri}${extra}`;
}

function connectedPage(reply: FastifyReply, done: ConnectedFreshBooks): FastifyReply {
  const parts: Parameters<typeof page>[1] = [
    `Tenant '${done.tenantId}' is now connected to the FreshBooks business '${done.businessName}' (account id ${done.accountId}).`,
    {
      list: [
        `Authorised by: ${done.user ?? 'unknown user'}`,
        `Scopes: ${done.scopes.join(' ') || '(not listed by FreshBooks)'}`,
        `Access renewed automatically; current token valid until ${done.tokenExpiresAt}`,
      ],
    },
  ];
  if (done.missingScopes.length > 0) {
    parts.push(
      `Warning: the token lacks ${done.missingScopes.join(', ')}. The flows that need them will fail until they are enabled on the app and access is approved again.`,
    );
  }
  parts.push('The credentials are stored encrypted. You can close this window. Next:', {
    code: `ml-connector ping --tenant ${done.tenantId}`,
  });
  return send(reply, 200, 'FreshBooks connected', parts);
}

export const oauthRoutes: RouteModule = (app, deps) => {
  app.get(FRESHBOOKS_CALLBACK_PATH, async (req: FastifyRequest<{ Querystring: CallbackQuery }>, reply) => {
    const q = req.query;
    const state = typeof q.state === 'string' ? q.state : '';
    if (!state) {
      return send(reply, 400, 'Missing state', [
        'This address was opened without the state FreshBooks sends back, so it cannot be matched to a connection request.',
        'Start again: run this command and open the URL it prints.',
        { code: restart() },
      ]);
    }

    const taken = await takeOAuthState(deps.store.db, state, 'authorize');
    if (!taken.ok) {
      const why =
        taken.reason === 'used'
          ? 'This authorisation link has already been used (each link works once).'
          : taken.reason === 'expired'
            ? 'This authorisation link has expired (links are valid for 10 minutes).'
            : 'This authorisation link is not known to this ml-connector (it may have been made by another installation, or its data was reset).';
      return send(
        reply,
        400,
        taken.reason === 'unknown' ? 'Unknown authorisation link' : taken.reason === 'used' ? 'Link already used' : 'Link expired',
        [why, 'Start again: run this command and open the new URL it prints.', { code: restart(taken.row) }],
      );
    }
    const row = taken.row;

    if (typeof q.error === 'string' && q.error !== '') {
      const description = typeof q.error_description === 'string' ? q.error_description : '';
      const declined = q.error === 'access_denied';
      deps.logger.info({ tenant: row.tenantId, error: q.error }, 'FreshBooks authorisation not granted');
      return send(reply, declined ? 400 : 502, declined ? 'Access declined' : 'FreshBooks did not authorise', [
        declined
          ? `Access to FreshBooks was declined, so tenant '${row.tenantId}' was not connected. Nothing was stored.`
          : `FreshBooks did not authorise the connection of tenant '${row.tenantId}': ${redactText(q.error)}${description ? ` (${redactText(description).slice(0, 300)})` : ''}.`,
        'To connect, run this command again and approve access:',
        { code: restart(row) },
      ]);
    }
    const code = typeof q.code === 'string' ? q.code : '';
    if (!code) {
      return send(reply, 400, 'Missing code', [
        'FreshBooks sent the browser back without an authorization code.',
        'Start again: run this command and open the new URL it prints.',
        { code: restart(row) },
      ]);
    }

    let done: ConnectedFreshBooks;
    try {
      const { app: fbApp } = await openOAuthState(deps.vault, row);
      const tokens = await exchangeCode(fbApp, code, { apiUrl: fbApp.apiUrl, timeoutMs: 20_000 });
      done = await finishConnection(
        { store: deps.store, vault: deps.vault, tenantId: row.tenantId },
        fbApp,
        tokens,
        row.accountId ?? undefined,
      );
    } catch (err) {
      if (err instanceof BusinessChoiceError) {
        return send(reply, 409, 'Choose a FreshBooks business', [
          err.given
            ? `The FreshBooks user has no business with account id '${err.given}' (given when the link was made).`
            : `The FreshBooks user can reach ${err.choices.length} businesses; tenant '${row.tenantId}' can be connected to one of them:`,
          { list: err.choices.map((c) => `${c.name} — account id ${c.accountId}`) },
          'Within 10 minutes, run this command with the account id of the business to connect (the approval you just gave is kept until then):',
          { code: `${restart(row)} --account-id <account id>` },
        ]);
      }
      deps.logger.warn({ tenant: row.tenantId, err }, 'FreshBooks connection failed');
      const hint = err instanceof AppError ? (hintFor(err, row.tenantId) ?? err.hint) : undefined;
      return send(reply, 502, 'FreshBooks connection failed', [
        `Tenant '${row.tenantId}' could not be connected: ${redactText(err instanceof AppError ? err.message : errorMessage(err))}`,
        ...(hint ? [redactText(hint)] : []),
        'Then start again:',
        { code: restart(row) },
      ]);
    }
    deps.logger.info({ tenant: row.tenantId, accountId: done.accountId }, 'FreshBooks connected');
    return connectedPage(reply, done);
  });
};
