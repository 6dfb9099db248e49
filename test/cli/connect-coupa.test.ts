/**
 * `ml-connector connect coupa` through the real binary, against the Coupa sandbox served by
 * this test process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoupaSandbox, COUPA_DEMO, type CoupaSandbox } from '../../src/sandbox/coupa/index.js';
import { parseInstanceUrl } from '../../src/cli/commands/connect-coupa.js';
import { UsageError } from '../../src/lib/errors.js';
import { expectOneLineFailure, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';
import { NO_INVOICE_WRITE, unreachableUrl } from '../providers/coupa/sandbox.js';

let sb: CoupaSandbox;
let dataDir: string;
const env = { ML_CONNECTOR_MASTER_KEY: randomBytes(32).toString('base64') };
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env });

function connectArgs(overrides: Record<string, string | undefined> = {}): string[] {
  const options: Record<string, string | undefined> = {
    '--tenant': 'acme',
    '--instance-url': sb.url,
    '--client-id': COUPA_DEMO.clientId,
    '--client-secret': COUPA_DEMO.clientSecret,
    ...overrides,
  };
  return ['connect', 'coupa', ...Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : [k, v]))];
}

beforeAll(async () => {
  sb = await startCoupaSandbox({ clients: [COUPA_DEMO, NO_INVOICE_WRITE] });
  dataDir = tempDir('mlc-connect-coupa-');
  const added = await cli('tenant', 'add', 'acme');
  expect(added.code).toBe(0);
}, 90_000);
afterAll(async () => {
  await sb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Each run starts node + tsx (seconds on a busy machine): generous timeouts, no timed assertions.
describe('ml-connector connect coupa', { timeout: 90_000 }, () => {
  it('connects: gets a token, stores it encrypted, prints what was connected but never the secret', async () => {
    const r = await cli(...connectArgs());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Connected tenant 'acme' to Coupa at ${sb.url}.`);
    expect(r.stdout).toContain(`client id:      ${COUPA_DEMO.clientId}`);
    expect(r.stdout).toContain(
      'scopes granted: core.supplier.read core.purchase_order.read core.purchase_order.write core.invoice.read core.invoice.write',
    );
    expect(r.stdout).toMatch(/token expires: {2}\d{4}-\d{2}-\d{2}T/);
    expect(r.stdout).not.toContain(COUPA_DEMO.clientSecret);
    // Sealed at rest: neither the secret nor the token is readable in the store's files.
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('ml-connector.db'))) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      expect(bytes).not.toContain(COUPA_DEMO.clientSecret);
      expect(bytes).not.toContain('eyJhbGciOi');
    }
    const list = await cli('tenant', 'list', '--json');
    expect(JSON.parse(list.stdout).tenants).toEqual([expect.objectContaining({ tenant: 'acme', coupa: 'connected' })]);
  });

  it('--json gives the same as data; connecting again replaces the connection; --scopes is honoured', async () => {
    const r = await cli('--json', ...connectArgs({ '--instance-url': `${sb.url}/`, '--scopes': 'core.supplier.read,core.invoice.read' }));
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({
      tenant: 'acme',
      provider: 'coupa',
      instanceUrl: sb.url,
      clientId: COUPA_DEMO.clientId,
      scopesRequested: ['core.supplier.read', 'core.invoice.read'],
      scopesGranted: ['core.supplier.read', 'core.invoice.read'],
      missingScopes: [],
      replaced: true,
    });
    expect(Date.parse(data.tokenExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(r.stdout).not.toContain(COUPA_DEMO.clientSecret);
  });

  it('unknown tenant', async () => {
    expectOneLineFailure(await cli(...connectArgs({ '--tenant': 'nobody' })), undefined, /Unknown tenant 'nobody'.*tenant add nobody/, [
      COUPA_DEMO.clientSecret,
    ]);
  });

  it('missing option', async () => {
    const r = await cli(...connectArgs({ '--client-secret': undefined }));
    expectOneLineFailure(r, undefined, /required option '--client-secret <secret>' not specified.*connect coupa --help/, [
      COUPA_DEMO.clientSecret,
    ]);
    expect(r.code).toBe(2);
  });

  it('an instance URL that is not http(s)', async () => {
    const r = await cli(...connectArgs({ '--instance-url': 'ftp://acme.coupahost.com' }));
    expectOneLineFailure(r, undefined, /--instance-url must be an http\(s\) URL, got 'ftp:'.*https:\/\/acme\.coupahost\.com/, [
      COUPA_DEMO.clientSecret,
    ]);
    expect(r.code).toBe(2);
  });

  it('an instance URL that is not a URL at all', async () => {
    expectOneLineFailure(
      await cli(...connectArgs({ '--instance-url': 'acme.coupahost.com' })),
      undefined,
      /'acme\.coupahost\.com' is not a URL/,
      [COUPA_DEMO.clientSecret],
    );
  });

  it('an unreachable URL', async () => {
    const url = await unreachableUrl();
    expectOneLineFailure(
      await cli(...connectArgs({ '--instance-url': url })),
      undefined,
      new RegExp(`Cannot reach Coupa at ${url.replace(/[.]/g, '\\.')}: connection refused.*Check the URL`),
      [COUPA_DEMO.clientSecret],
    );
  });

  it('a bad secret (invalid_client)', async () => {
    const r = await cli(...connectArgs({ '--client-secret': 'wrong-secret-123' }));
    expectOneLineFailure(
      r,
      undefined,
      /Coupa refused the client id\/secret for client 'demo-coupa-client'.*invalid_client.* run `ml-connector connect coupa --tenant acme …` again/,
      ['wrong-secret-123'],
    );
    expect(r.code).toBe(1);
  });

  it('a scope the OAuth client lacks (invalid_scope): names it', async () => {
    const r = await cli(...connectArgs({ '--client-id': NO_INVOICE_WRITE.clientId, '--client-secret': NO_INVOICE_WRITE.clientSecret }));
    expectOneLineFailure(
      r,
      undefined,
      /refused scope core\.invoice\.write for client 'no-invoice-write' \(invalid_scope\).*Add it to the OAuth client.*`ml-connector connect coupa --tenant acme … --scopes "…"`/,
      [NO_INVOICE_WRITE.clientSecret],
    );
  });

  it('a malformed --scopes', async () => {
    expectOneLineFailure(
      await cli(...connectArgs({ '--scopes': 'core.invoice.read; drop table' })),
      undefined,
      /--scopes: 'core\.invoice\.read;' is not a Coupa scope name/,
      [COUPA_DEMO.clientSecret],
    );
  });

  it('failed attempts left the stored connection as it was', async () => {
    const list = await cli('tenant', 'list', '--json');
    expect(JSON.parse(list.stdout).tenants[0].coupa).toBe('connected');
  });
});

describe('parseInstanceUrl', () => {
  it('normalises a base URL and refuses what is not one', () => {
    expect(parseInstanceUrl(' https://acme.coupahost.com/ ')).toEqual({ url: 'https://acme.coupahost.com', insecure: false });
    expect(parseInstanceUrl('http://127.0.0.1:4000')).toEqual({ url: 'http://127.0.0.1:4000', insecure: false });
    expect(parseInstanceUrl('http://acme.coupahost.com')).toEqual({ url: 'http://acme.coupahost.com', insecure: true });
    expect(parseInstanceUrl('https://proxy.example.com/coupa/')).toEqual({ url: 'https://proxy.example.com/coupa', insecure: false });
    for (const bad of [
      'acme.coupahost.com',
      'ftp://acme.coupahost.com',
      'https://u:p@acme.coupahost.com',
      'https://acme.coupahost.com/?x=1',
      'https://acme.coupahost.com/api/invoices',
      'https://acme.coupahost.com/oauth2/token',
    ]) {
      expect(() => parseInstanceUrl(bad), bad).toThrow(UsageError);
    }
    expect(() => parseInstanceUrl('https://u:hunter2@acme.coupahost.com')).toThrow(/must not contain a user name or password/);
  });
});
