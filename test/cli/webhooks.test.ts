/**
 * `webhooks register` and `webhooks show` through the REAL binary, against a server running
 * in-process on a real port (the public URL FreshBooks' verification message reaches) and the
 * sandboxes: register + verify, a second run changing nothing, show (text and --json),
 * rotation, and the one-line failures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveFreshBooks } from '../../src/app/credentials.js';
import { signPush } from '../../src/providers/coupa/webhook.js';
import { FRESHBOOKS_DEMO } from '../../src/sandbox/freshbooks/index.js';
import { openStore } from '../../src/store/db.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import { FRESHBOOKS_EVENTS } from '../../src/app/endpoints.js';
import { listCallbacks } from '../../src/store/queries/freshbooks-callbacks.js';
import { expectOneLineFailure, runCli, type CliResult } from '../helpers/cli.js';
import { sqliteTarget, storeTargets } from '../helpers/stores.js';
import { auditOf, post, startWebhookWorld, type WebhookWorld } from '../helpers/webhooks.js';

const T = { timeout: 90_000 };

function json(result: CliResult): any {
  expect(result.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe.each(storeTargets)('webhooks register / show through the real binary on $name', (target) => {
  let w: WebhookWorld;
  beforeEach(async () => {
    w = await startWebhookWorld({ target });
  });
  afterEach(async () => w.close());

  const cli = (...args: string[]) =>
    runCli([...(w.databaseUrl ? ['--database-url', w.databaseUrl] : ['--data-dir', w.dataDir]), ...args], {
      env: { ML_CONNECTOR_MASTER_KEY: w.masterKey.toString('base64') },
      timeoutMs: 60_000,
    });

  it('registers and verifies the six callbacks through serve; a second run changes nothing', T, async () => {
    const first = await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base + '/', '--json');
    const result = json(first);
    const hook = `${w.base}/webhooks/freshbooks/${w.tenantId}`;
    expect(result).toMatchObject({
      tenant: w.tenantId,
      publicUrl: w.base,
      changed: true,
      freshbooks: { url: hook },
      coupa: { url: `${w.base}/webhooks/coupa/${w.tenantId}`, secretCreated: true },
    });
    expect(result.freshbooks.callbacks.map((c: any) => [c.event, c.uri, c.verified, c.action])).toEqual(
      FRESHBOOKS_EVENTS.map((e) => [e, hook, true, 'created']),
    );
    expect(JSON.stringify(result)).not.toMatch(/whsec_/);
    const remote = w.freshbooks.control.snapshot(w.accountId).callbacks;
    expect(remote.map((c) => [c.event, c.verified])).toEqual(FRESHBOOKS_EVENTS.map((e) => [e, true]));
    expect((await listCallbacks(w.store.db, w.tenantId)).every((c) => c.verified && c.verifierSealed)).toBe(true);

    const second = await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--json');
    const again = json(second);
    expect(again.changed).toBe(false);
    expect(again.coupa.secretCreated).toBe(false);
    expect(again.freshbooks.callbacks.map((c: any) => [c.id, c.action, c.verified])).toEqual(
      result.freshbooks.callbacks.map((c: any) => [c.id, 'kept', true]),
    );
    expect(w.freshbooks.control.snapshot(w.accountId).callbacks).toEqual(remote);
    expect(await auditOf(w.store, w.tenantId, 'webhook.callback_verified')).toHaveLength(6);

    const text = await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\s+\d+\s+bill\.create\s+yes\s+already there$/m);
    expect(text.stdout).toMatch(/Nothing changed/);
  });

  it('resends the verification of a callback FreshBooks has not verified, and waits for it', T, async () => {
    json(await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--json'));
    // The store lost a key (e.g. restored from an old backup): register recovers it.
    const lost = (await listCallbacks(w.store.db, w.tenantId)).find((c) => c.event === 'bill.update')!;
    await w.store.db
      .updateTable('freshbooks_callbacks')
      .set({ verified: 0, verifier_sealed: null })
      .where('callback_id', '=', lost.callbackId)
      .execute();
    const result = json(await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--json'));
    expect(result.changed).toBe(true);
    expect(result.freshbooks.callbacks.filter((c: any) => c.action !== 'kept')).toEqual([
      { id: lost.callbackId, event: 'bill.update', uri: lost.uri, verified: true, action: 'resent' },
    ]);
    expect(w.freshbooks.control.snapshot(w.accountId).callbacks).toHaveLength(6);
    const back = (await listCallbacks(w.store.db, w.tenantId)).find((c) => c.callbackId === lost.callbackId)!;
    expect(back.verified && back.verifierSealed !== null).toBe(true);
  });

  it('says what to do when serve is not reachable at the public URL, registering nothing', T, async () => {
    const res = await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', 'http://127.0.0.1:9');
    expectOneLineFailure(
      res,
      1,
      /Nothing answers as ml-connector serve at http:\/\/127\.0\.0\.1:9 .*no callback was registered.*Start `ml-connector serve --public-url http:\/\/127\.0\.0\.1:9`/,
    );
    expect(w.freshbooks.control.snapshot(w.accountId).callbacks).toHaveLength(0);
    expectOneLineFailure(await cli('webhooks', 'register', '--tenant', 'nobody', '--public-url', w.base), 1, /Unknown tenant 'nobody'/);
    expectOneLineFailure(
      await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', 'ftp://x'),
      2,
      /--public-url must start with https:\/\/ or http:\/\//,
    );
    expectOneLineFailure(
      await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--wait', '0'),
      2,
      /--wait must be a whole number/,
    );
    expectOneLineFailure(await cli('webhooks', 'register', '--tenant', w.tenantId), 2, /--public-url/);
  });

  it('after a bounded wait, tells apart a serve that keeps its keys in another store from one that never verified', T, async () => {
    // A second installation (its own store) whose tenants use the same FreshBooks business.
    const other = await sqliteTarget.create();
    const store = await openStore(other.target);
    const vault = await Vault.open(store, { dataDir: other.dataDir, masterKey: w.masterKey }, () => undefined);
    for (const tenant of [w.tenantId, 'elsewhere']) {
      await addTenant(store.db, tenant);
      const t = w.freshbooks.control.issueTokens();
      await saveFreshBooks(
        { store, vault, tenantId: tenant },
        {
          clientId: FRESHBOOKS_DEMO.clientId,
          clientSecret: FRESHBOOKS_DEMO.clientSecret,
          redirectUri: FRESHBOOKS_DEMO.redirectUri,
          authUrl: w.freshbooks.url,
          apiUrl: w.freshbooks.url,
          accountId: w.accountId,
          businessId: FRESHBOOKS_DEMO.businessId,
          businessName: FRESHBOOKS_DEMO.businessName,
          tokens: {
            accessToken: t.access_token,
            refreshToken: t.refresh_token,
            createdAt: t.created_at,
            expiresIn: t.expires_in,
            scope: t.scope,
          },
        },
      );
    }
    await store.close();
    const cli2 = (...args: string[]) =>
      runCli(['--data-dir', other.dataDir, ...args], {
        env: { ML_CONNECTOR_MASTER_KEY: w.masterKey.toString('base64') },
        timeoutMs: 60_000,
      });
    try {
      // serve (w.base) verifies the callbacks, but keeps their keys in its own store.
      // (--json: no progress lines, so stderr is exactly the one-line reason.)
      expectOneLineFailure(
        await cli2('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--wait', '2', '--json'),
        1,
        /keeps its keys in another store.*same --data-dir\/--database-url/,
      );
      // serve knows no tenant 'elsewhere': FreshBooks' message gets 404 and nothing is verified.
      expectOneLineFailure(
        await cli2('webhooks', 'register', '--tenant', 'elsewhere', '--public-url', w.base, '--wait', '2', '--json'),
        1,
        /FreshBooks did not complete the verification of bill\.create .* within 2 s.*run this command again/,
      );
      // Without --json the progress lines come first, the reason last.
      const text = await cli2('webhooks', 'register', '--tenant', 'elsewhere', '--public-url', w.base, '--wait', '1');
      expect(text.code).toBe(1);
      const lines = text.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Waiting for FreshBooks to verify the callbacks through serve at .*: 0\/6 verified…$/);
      expect(lines.filter((l) => l.startsWith('error: '))).toEqual([lines.at(-1)]);
    } finally {
      await other.cleanup();
    }
  });

  it('shows the callbacks, the Coupa push URL and secret; rotation keeps the old secret accepted', T, async () => {
    const empty = json(await cli('webhooks', 'show', '--tenant', w.tenantId, '--json'));
    expect(empty).toMatchObject({
      tenant: w.tenantId,
      publicUrl: null,
      freshbooks: { url: null, callbacks: [] },
      coupa: { url: null, secretCreated: true, rotated: false, previousSecrets: [] },
    });
    expect(empty.coupa.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);

    json(await cli('webhooks', 'register', '--tenant', w.tenantId, '--public-url', w.base, '--json'));
    const shown = await cli('webhooks', 'show', '--tenant', w.tenantId, '--json');
    const view = json(shown);
    expect(view.coupa).toMatchObject({ url: `${w.base}/webhooks/coupa/${w.tenantId}`, secret: empty.coupa.secret, secretCreated: false });
    expect(view.freshbooks.callbacks.map((c: any) => [c.event, c.verified])).toEqual([...FRESHBOOKS_EVENTS].sort().map((e) => [e, true]));
    expect(shown.stderr).not.toContain('whsec_');

    const text = await cli('webhooks', 'show', '--tenant', w.tenantId);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Coupa push URL:    ${w.base}/webhooks/coupa/${w.tenantId}`);
    expect(text.stdout).toContain(`Coupa push secret: ${empty.coupa.secret}`);
    expect(text.stdout).toMatch(/^\s+\d+\s+bill_vendor\.delete\s+yes\s+http:\/\/127\.0\.0\.1:\d+\/webhooks\/freshbooks\/northwind$/m);

    const rotated = json(await cli('webhooks', 'show', '--tenant', w.tenantId, '--rotate-coupa-secret', '--json'));
    expect(rotated.coupa).toMatchObject({ rotated: true, secretCreated: true });
    expect(rotated.coupa.secret).not.toBe(empty.coupa.secret);
    expect(rotated.coupa.previousSecrets).toHaveLength(1);
    const until = Date.parse(rotated.coupa.previousSecrets[0].acceptedUntil) - Date.parse(rotated.coupa.secretCreatedAt);
    expect(until).toBe(24 * 60 * 60_000);
    const other = json(await cli('webhooks', 'show', '--tenant', w.tenantId, '--public-url', 'https://sync.example.com', '--json'));
    expect(other.coupa.url).toBe(`https://sync.example.com/webhooks/coupa/${w.tenantId}`);
    expect(other.coupa.secret).toBe(rotated.coupa.secret);

    // Both secrets sign pushes the server accepts (the old one during its grace).
    w.clock.now = Date.now();
    const url = `${w.base}/webhooks/coupa/${w.tenantId}`;
    for (const [i, key] of [empty.coupa.secret, rotated.coupa.secret].entries()) {
      const body = JSON.stringify({ type: 'supplier.updated', data: { id: 10 + i } });
      const ts = Math.floor(w.clock.now / 1000);
      const res = await post(url, body, {
        'content-type': 'application/json',
        'webhook-id': `msg_cli_${i}`,
        'webhook-timestamp': String(ts),
        'webhook-signature': signPush(key, `msg_cli_${i}`, ts, body),
      });
      expect(res.status).toBe(200);
    }
    expect((await auditOf(w.store, w.tenantId, 'webhook.verified')).map((e) => e.detail.keyStatus)).toEqual(['previous', 'current']);
    expectOneLineFailure(await cli('webhooks', 'show', '--tenant', 'nobody'), 1, /Unknown tenant 'nobody'/);
  });
});
