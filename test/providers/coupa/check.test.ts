/**
 * `checkCoupa` (what `ping` shows for the Coupa side) against the sandbox: its findings, and the
 * advice `ping` makes of them (connections/readiness-advice.ts), which names what to run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coupaAdvice } from '../../../src/app/readiness-advice.js';
import { checkCoupa, QUICK_RETRY } from '../../../src/providers/coupa/check.js';
import { DEFAULT_COUPA_SCOPES } from '../../../src/providers/coupa/scopes.js';
import type { CoupaSandbox } from '../../../src/sandbox/coupa/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { addInvoice, clientOf, NO_INVOICE_WRITE, sandbox, unreachableUrl } from './sandbox.js';

let sb: CoupaSandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimit: false });
  addInvoice(sb);
});
afterAll(() => sb.close());

describe('checkCoupa (for ping)', () => {
  it('good credentials: ready, every check OK, one read per resource with limit=1', async () => {
    const { client, calls } = clientOf(sb);
    const r = await checkCoupa(client, DEFAULT_COUPA_SCOPES);
    expect(r.ready).toBe(true);
    expect(r.missingScopes).toEqual([]);
    expect(r.checks.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['scopes', true],
      ['suppliers', true],
      ['purchase orders', true],
      ['invoices', true],
    ]);
    expect(r.grantedScopes).toEqual([...DEFAULT_COUPA_SCOPES]);
    expect(r.findings).toEqual([{ kind: 'ready', neededScopes: 5 }]);
    expect(coupaAdvice(r.findings, 'acme')).toEqual([
      'Coupa: ready — token OK, all 5 needed scopes granted, suppliers, purchase orders and invoices readable.',
    ]);
    expect(calls.filter((c) => c.method === 'GET').map((c) => c.path)).toEqual([
      '/api/suppliers?limit=1',
      '/api/purchase_orders?limit=1',
      '/api/invoices?limit=1',
    ]);
  });

  it('a bad secret: not ready, the token check says why, the reads are not tried', async () => {
    const { client } = clientOf(sb, { clientSecret: 'not-the-secret' });
    const r = await checkCoupa(client);
    expect(r.ready).toBe(false);
    expect(r.checks[0]).toMatchObject({ name: 'token', ok: false });
    expect(r.checks[0]!.detail).toContain('Coupa refused the client id/secret');
    expect(r.checks.slice(2).every((c) => !c.ok && c.detail === 'not tried (no token)')).toBe(true);
    expect(r.findings.map((f) => f.kind)).toEqual(['credentials_refused']);
    const advice = coupaAdvice(r.findings, 'acme');
    expect(advice).toEqual([
      expect.stringMatching(
        /^Coupa: the client id\/secret were refused \(invalid_client\) — check them .* run `ml-connector connect coupa --tenant acme …` again\.$/,
      ),
    ]);
    expect(JSON.stringify(r)).not.toContain('not-the-secret');
    expect(JSON.stringify(advice)).not.toContain('not-the-secret');
  });

  it('a missing scope: names it and says to add it to the OAuth client', async () => {
    const { client } = clientOf(sb, { clientId: NO_INVOICE_WRITE.clientId, clientSecret: NO_INVOICE_WRITE.clientSecret });
    const r = await checkCoupa(client);
    expect(r.ready).toBe(false);
    expect(r.missingScopes).toEqual(['core.invoice.write']);
    expect(r.findings[0]).toEqual({ kind: 'scopes_refused', scopes: ['core.invoice.write'], credentialsOk: true });
    expect(coupaAdvice(r.findings, 'acme')[0]).toMatch(
      /^Coupa: credentials OK; missing scope core\.invoice\.write — add it to the OAuth client/,
    );
  });

  it('a needed scope the connection does not ask for: says to connect again with it', async () => {
    const scopes = DEFAULT_COUPA_SCOPES.filter((s) => s !== 'core.purchase_order.write');
    const { client } = clientOf(sb, { scopes });
    const r = await checkCoupa(client, DEFAULT_COUPA_SCOPES);
    expect(r.ready).toBe(false);
    expect(r.missingScopes).toEqual(['core.purchase_order.write']);
    expect(r.findings[0]).toMatchObject({ kind: 'scopes_not_requested', scopes: ['core.purchase_order.write'] });
    expect(coupaAdvice(r.findings, 'acme')[0]).toContain(
      `core.purchase_order.write not requested by this connection — run \`ml-connector connect coupa --tenant acme … --scopes "${[...scopes, 'core.purchase_order.write'].join(' ')}"\`.`,
    );
  });

  it('an unreachable host: not ready, says it cannot reach it', async () => {
    const { client } = clientOf(sb, { instanceUrl: await unreachableUrl(), retry: QUICK_RETRY, clock: new FakeClock(Date.now()) });
    const r = await checkCoupa(client);
    expect(r.ready).toBe(false);
    expect(r.checks[0]!.detail).toMatch(/Cannot reach Coupa at http:\/\/127\.0\.0\.1:\d+: connection refused/);
    expect(coupaAdvice(r.findings, 'acme')[0]).toMatch(
      /^Coupa: no token — Gave up on Coupa POST \/oauth2\/token after 3 tries; last: Cannot reach Coupa .* — Check the URL/,
    );
  });
});
