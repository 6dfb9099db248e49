/**
 * FreshBooks test plumbing: the sandbox with the demo app, a proxy that counts token-endpoint
 * calls (refreshes seen on the wire, whichever process made them), and a tenant connected in a
 * real store with real sealed credentials.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveFreshBooks } from '../../src/app/credentials.js';
import type { FreshBooksAppSettings } from '../../src/app/freshbooks-connect.js';
import { parseTokenResponse } from '../../src/providers/freshbooks/auth.js';
import type { FreshBooksTokens } from '../../src/providers/freshbooks/tokens.js';
import {
  FRESHBOOKS_DEMO,
  startFreshBooksSandbox,
  type FreshBooksSandbox,
  type FreshBooksSandboxOptions,
} from '../../src/sandbox/freshbooks/index.js';
import { openStore, type Store } from '../../src/store/db.js';
import { addTenant } from '../../src/store/queries/tenants.js';
import { Vault } from '../../src/vault/vault.js';
import type { TestTarget } from './stores.js';

export { FRESHBOOKS_DEMO };

export function demoApp(url: string, redirectUri: string = FRESHBOOKS_DEMO.redirectUri): FreshBooksAppSettings {
  return { clientId: FRESHBOOKS_DEMO.clientId, clientSecret: FRESHBOOKS_DEMO.clientSecret, redirectUri, authUrl: url, apiUrl: url };
}

export async function startSandbox(options: FreshBooksSandboxOptions = {}): Promise<FreshBooksSandbox> {
  return startFreshBooksSandbox({ port: 0, ...options });
}

/** A fresh grant from the sandbox (as from the developer portal), parsed. */
export function issueTokens(sandbox: FreshBooksSandbox, scopes?: string[]): FreshBooksTokens {
  return parseTokenResponse(sandbox.control.issueTokens(scopes ? { scopes } : {}), Date.now());
}

interface TokenCall {
  grantType: string;
  status: number;
}

/** A pass-through HTTP proxy in front of `target` that records every token-endpoint call. */
export async function countingProxy(
  target: string,
): Promise<{ url: string; tokenCalls: TokenCall[]; refreshes(): number; close(): Promise<void> }> {
  const tokenCalls: TokenCall[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isToken = req.method === 'POST' && (req.url ?? '').startsWith('/auth/oauth/token');
      let grantType = '';
      if (isToken) {
        try {
          grantType = (JSON.parse(body.toString('utf8')) as { grant_type?: string }).grant_type ?? '';
        } catch {
          grantType = new URLSearchParams(body.toString('utf8')).get('grant_type') ?? '';
        }
      }
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          if (isToken) tokenCalls.push({ grantType, status: up.statusCode ?? 0 });
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => {
        res.writeHead(502).end();
      });
      out.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenCalls,
    refreshes: () => tokenCalls.filter((c) => c.grantType === 'refresh_token').length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => {
          r();
        });
      }),
  };
}

/** A URL nothing listens on (a port that was just free). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) =>
    server.close(() => {
      r();
    }),
  );
  return `http://127.0.0.1:${port}`;
}

export interface ConnectedStore {
  store: Store;
  vault: Vault;
  masterKey: Buffer;
  made: Awaited<ReturnType<TestTarget['create']>>;
  close(): Promise<void>;
}

/** A store on `target` with tenant `tenantId`, and its vault under a known master key. */
export async function openTestStore(target: TestTarget, tenantId = 'acme'): Promise<ConnectedStore> {
  const made = await target.create();
  const store = await openStore(made.target);
  const masterKey = randomBytes(32);
  const vault = await Vault.open(store, { dataDir: made.dataDir, masterKey }, () => undefined);
  await addTenant(store.db, tenantId);
  return {
    store,
    vault,
    masterKey,
    made,
    close: async () => {
      await store.close();
      await made.cleanup();
    },
  };
}

/** Saves FreshBooks credentials for the tenant as `connect` would. */
export async function saveDemoConnection(s: ConnectedStore, apiUrl: string, tokens: FreshBooksTokens, tenantId = 'acme'): Promise<void> {
  await saveFreshBooks(
    { store: s.store, vault: s.vault, tenantId },
    {
      clientId: FRESHBOOKS_DEMO.clientId,
      clientSecret: FRESHBOOKS_DEMO.clientSecret,
      redirectUri: FRESHBOOKS_DEMO.redirectUri,
      authUrl: apiUrl,
      apiUrl,
      accountId: FRESHBOOKS_DEMO.accountId,
      businessId: FRESHBOOKS_DEMO.businessId,
      businessName: FRESHBOOKS_DEMO.businessName,
      tokens,
    },
  );
}
