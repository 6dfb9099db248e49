/**
 * Test harness for the FreshBooks sandbox contract tests: a started sandbox with a movable
 * clock, an authorized token, a small JSON client, and a local webhook receiver. Each test
 * builds its own harness, so no test depends on another.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FRESHBOOKS_DEMO,
  startFreshBooksSandbox,
  type FreshBooksSandbox,
  type FreshBooksSandboxOptions,
} from '../../../src/sandbox/freshbooks/index.js';

export const ACCOUNT = FRESHBOOKS_DEMO.accountId;
/** 2024-03-10 12:00:00 UTC: a fixed "now" so statuses and timestamps are predictable. */
export const T0 = Date.UTC(2024, 2, 10, 12, 0, 0);

export interface Clock {
  now: number;
  advance(ms: number): void;
}

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export type Api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse>;

export interface Harness {
  fb: FreshBooksSandbox;
  clock: Clock;
  /** Access and refresh token of a grant with all of the demo app's scopes. */
  token: string;
  refreshToken: string;
  /** JSON client authenticated with `token`; paths are relative to the base URL. */
  api: Api;
  /** Same, under /accounting/account/{ACCOUNT}/. */
  acct: Api;
  /** Moves the clock, then takes a fresh grant (access tokens only live 12 h). */
  advanceDays(days: number): void;
  close(): Promise<void>;
}

export function clientFor(url: string, token?: string | (() => string)): Api {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    const bearer = typeof token === 'function' ? token() : token;
    if (bearer) (init.headers as Record<string, string>).authorization = `Bearer ${bearer}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

export async function startHarness(options: FreshBooksSandboxOptions = {}): Promise<Harness> {
  const clock: Clock = {
    now: T0,
    advance(ms) {
      this.now += ms;
    },
  };
  const fb = await startFreshBooksSandbox({ now: () => clock.now, webhookRetryDelaysMs: [10, 10, 10], ...options });
  const tokens = fb.control.issueTokens();
  const harness: Harness = {
    fb,
    clock,
    token: tokens.access_token,
    refreshToken: tokens.refresh_token,
    api: clientFor(fb.url, () => harness.token),
    acct: (method, path, body, headers) => harness.api(method, `/accounting/account/${ACCOUNT}/${path}`, body, headers),
    advanceDays(days) {
      clock.advance(days * 86_400_000);
      const fresh = fb.control.issueTokens();
      harness.token = fresh.access_token;
      harness.refreshToken = fresh.refresh_token;
    },
    close: () => fb.close(),
  };
  return harness;
}

/** Runs the browser step of the code flow; returns the redirect Location. */
export async function authorize(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; location: URL | undefined; body: string }> {
  const target = new URL('/oauth/authorize', url);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  const res = await fetch(target, { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location) : undefined, body: await res.text() };
}

export async function demoCode(url: string, extra: Record<string, string> = {}): Promise<string> {
  const { location } = await authorize(url, {
    client_id: FRESHBOOKS_DEMO.clientId,
    response_type: 'code',
    redirect_uri: FRESHBOOKS_DEMO.redirectUri,
    ...extra,
  });
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code in redirect ${String(location)}`);
  return code;
}

export type Encoding = 'json' | 'form' | 'multipart';

/** POSTs token-endpoint fields in one of the three encodings clients use. */
export async function postToken(url: string, fields: Record<string, string>, encoding: Encoding = 'json'): Promise<ApiResponse> {
  let body: string;
  let contentType: string;
  if (encoding === 'json') {
    body = JSON.stringify(fields);
    contentType = 'application/json';
  } else if (encoding === 'form') {
    body = new URLSearchParams(fields).toString();
    contentType = 'application/x-www-form-urlencoded';
  } else {
    const boundary = '----sandboxtest7MA4YWxkTrZu0gW';
    body =
      Object.entries(fields)
        .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') + `--${boundary}--\r\n`;
    contentType = `multipart/form-data; boundary=${boundary}`;
  }
  return clientFor(url)('POST', '/auth/oauth/token', body, { 'content-type': contentType });
}

export const demoClient = {
  client_id: FRESHBOOKS_DEMO.clientId,
  client_secret: FRESHBOOKS_DEMO.clientSecret,
  redirect_uri: FRESHBOOKS_DEMO.redirectUri,
};

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  fields: Array<[string, string]>;
  status: number;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Answer the next `n` requests with this status (default 500). */
  failNext(n: number, status?: number): void;
  /** Resolves once `count` requests have arrived (event-driven, no polling). */
  waitFor(count: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  let waiters: Array<{ count: number; resolve: (r: ReceivedHook[]) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = failures.left > 0 ? failures.status : 200;
      if (failures.left > 0) failures.left -= 1;
      received.push({ headers: req.headers, body, fields: [...new URLSearchParams(body)], status });
      res.writeHead(status).end();
      waiters = waiters.filter((w) => (received.length >= w.count ? (w.resolve([...received]), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/freshbooks`,
    received,
    failNext(n, status = 500) {
      failures = { left: n, status };
    },
    waitFor(count) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The first category id of the account (a valid `categoryid` for bill lines). */
export async function someCategory(acct: Api, name = 'Office Supplies'): Promise<number> {
  const res = await acct('GET', `expenses/categories?search[category]=${encodeURIComponent(name)}`);
  return res.body.response.result.categories[0].id;
}

export async function newVendor(acct: Api, fields: Record<string, unknown> = {}): Promise<any> {
  const res = await acct('POST', 'bill_vendors/bill_vendors', {
    bill_vendor: { vendor_name: 'Acme Office Supply', currency_code: 'USD', ...fields },
  });
  if (res.status !== 200) throw new Error(`vendor create failed: ${JSON.stringify(res.body)}`);
  return res.body.response.result.bill_vendor;
}

/** A bill with one line: quantity × unit cost, optional tax. */
export async function newBill(acct: Api, fields: Record<string, unknown> = {}, line: Record<string, unknown> = {}): Promise<any> {
  const vendorid = fields.vendorid ?? (await newVendor(acct)).vendorid;
  const categoryid = line.categoryid ?? (await someCategory(acct));
  const res = await acct('POST', 'bills/bills', {
    bill: {
      vendorid,
      issue_date: '2024-03-01',
      due_offset_days: 30,
      currency_code: 'USD',
      lines: [{ categoryid, description: 'Desk lamp', quantity: 2, unit_cost: { amount: '40.00', code: 'USD' }, ...line }],
      ...fields,
    },
  });
  if (res.status !== 200) throw new Error(`bill create failed: ${JSON.stringify(res.body)}`);
  return res.body.response.result.bill;
}
